import { memo, useDeferredValue } from 'react'
import { Markdown } from '../../components/Markdown'
import { StatusBadge } from '../../components/StatusBadge'
import { useChat } from '../../stores/context'
import { MessageFooter } from './MessageFooter'

/**
 * One message, subscribed to its own entry: a delta replaces only the streaming message's
 * object, so every finished message above it skips rendering entirely.
 */
export const MessageItem = memo(function MessageItem({ id }: { id: string }) {
  const message = useChat((s) => s.byId[id])
  // While text streams in, let React drop intermediate markdown parses under load.
  const content = useDeferredValue(message?.content ?? '')
  if (!message) return null
  const assistant = message.role === 'assistant'
  return (
    <article
      className={`message message-${message.role}`}
      data-testid="message"
      data-role={message.role}
      data-status={message.status}
      data-message-id={message.id}
    >
      <div className="message-head">
        <span className="message-role">{assistant ? 'Assistant' : message.role === 'user' ? 'You' : 'System'}</span>
        <StatusBadge message={message} />
      </div>
      <div className="message-content" data-testid="message-content">
        {assistant ? <Markdown text={message.status === 'streaming' ? content : message.content} /> : <p className="plain">{message.content}</p>}
        {assistant && message.status === 'streaming' && !message.content ? <span className="typing">…</span> : null}
      </div>
      {assistant && message.status !== 'streaming' ? <MessageFooter message={message} /> : null}
    </article>
  )
})
