import { useState, type KeyboardEvent } from 'react'
import { selectIsStreaming } from '../../stores/chat'
import { useChat, useModels, useStores } from '../../stores/context'

/** The message box: Enter sends, Shift+Enter adds a line; Stop replaces Send while an answer streams. */
export function Composer() {
  const { chat } = useStores()
  const [text, setText] = useState('')
  const streaming = useChat(selectIsStreaming)
  const sending = useChat((s) => s.sending)
  const model = useModels((s) => s.selected)
  const route = useModels((s) => s.route)
  const canSend = text.trim().length > 0 && !sending && !streaming

  async function send(): Promise<void> {
    if (!canSend) return
    const content = text
    setText('')
    // A named route sends no model: its first target comes first. The core resolves the route.
    const firstModel = route ? null : model
    const ok = await chat.getState().send(content.trim(), firstModel, route ? { route } : {})
    // Give the text back so a refused message is not lost, unless the user already typed anew.
    if (!ok) setText((current) => (current ? current : content))
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): void {
    // isComposing: Enter confirms an IME candidate (Japanese, Chinese…) and must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault()
      void send()
    }
  }

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault()
        void send()
      }}
    >
      <textarea
        data-testid="composer-input"
        className="composer-input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder="Message the model…  (Enter to send, Shift+Enter for a new line)"
        rows={3}
        aria-label="Message"
      />
      <div className="composer-actions">
        {streaming ? (
          <button key="stop" type="button" className="button danger" data-testid="stop-button" onClick={() => void chat.getState().stop()}>
            Stop
          </button>
        ) : (
          <button key="send" type="submit" className="button primary" data-testid="send-button" disabled={!canSend}>
            {sending ? 'Sending…' : 'Send'}
          </button>
        )}
      </div>
    </form>
  )
}
