import { memo, useRef, useState, type KeyboardEvent } from 'react'
import type { ConversationListItem } from '../../../../shared/types/domain'
import { PencilIcon, TrashIcon } from '../../components/icons'
import { useConversations, useStores } from '../../stores/context'
import { MatchSnippet } from './MatchSnippet'

type Mode = 'view' | 'rename' | 'confirm-delete'

/** One conversation in the sidebar: select, rename inline, delete after confirming; under a search, the message that matched. */
export const ConversationRow = memo(function ConversationRow({ conversation }: { conversation: ConversationListItem }) {
  const { conversations } = useStores()
  const selected = useConversations((s) => s.selectedId === conversation.id)
  const [mode, setMode] = useState<Mode>('view')
  const [draft, setDraft] = useState(conversation.title)
  // Enter commits and unmounts the input, which may also fire blur: commit once.
  const editing = useRef(false)

  async function commitRename(): Promise<void> {
    if (!editing.current) return
    editing.current = false
    const title = draft.trim()
    setMode('view')
    if (title && title !== conversation.title) await conversations.getState().rename(conversation.id, title)
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'Enter') {
      e.preventDefault()
      void commitRename()
    } else if (e.key === 'Escape') {
      editing.current = false
      setMode('view')
    }
  }

  return (
    <li className={`conversation${selected ? ' selected' : ''}`} data-testid="conversation-item" data-conversation-id={conversation.id}>
      {mode === 'rename' ? (
        <input
          className="title-input"
          data-testid="conversation-title-input"
          aria-label="Conversation title"
          value={draft}
          maxLength={200}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => void commitRename()}
        />
      ) : (
        <button type="button" className="conversation-title" title={conversation.title} onClick={() => conversations.getState().select(conversation.id)}>
          {conversation.title}
        </button>
      )}
      {mode === 'confirm-delete' ? (
        <span className="confirm">
          <span>Delete?</span>
          <button type="button" className="button small danger" data-testid="confirm-delete" onClick={() => void conversations.getState().remove(conversation.id)}>
            Delete
          </button>
          <button type="button" className="button small" onClick={() => setMode('view')}>
            Cancel
          </button>
        </span>
      ) : mode === 'view' ? (
        <span className="row-actions">
          <button
            type="button"
            className="icon-button"
            data-testid="conversation-rename"
            aria-label={`Rename ${conversation.title}`}
            title="Rename"
            onClick={() => {
              setDraft(conversation.title)
              editing.current = true
              setMode('rename')
            }}
          >
            <PencilIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            data-testid="conversation-delete"
            aria-label={`Delete ${conversation.title}`}
            title="Delete"
            onClick={() => setMode('confirm-delete')}
          >
            <TrashIcon />
          </button>
        </span>
      ) : null}
      {conversation.match?.messageId ? <MatchSnippet snippet={conversation.match.snippet} /> : null}
    </li>
  )
})
