import { useConversations, useStores } from '../../stores/context'
import { ConversationRow } from './ConversationRow'
import { SearchBox } from './SearchBox'

/** Which screen the main area shows. */
export type View = 'chat' | 'health' | 'settings'

/** The left column: new conversation, search, the list, and navigation. */
export function Sidebar({ view, onNavigate }: { view: View; onNavigate: (view: View) => void }) {
  const { conversations } = useStores()
  const items = useConversations((s) => s.items)
  const loaded = useConversations((s) => s.loaded)
  const query = useConversations((s) => s.query)

  return (
    <aside className="sidebar">
      <div className="sidebar-top">
        <div className="brand">LLM Workbench</div>
        <button
          type="button"
          className="button primary wide"
          data-testid="new-conversation"
          onClick={() => {
            onNavigate('chat')
            void conversations.getState().create()
          }}
        >
          + New conversation
        </button>
        <SearchBox />
      </div>
      <ul className="conversation-list" aria-label="Conversations">
        {items.map((c) => (
          <ConversationRow key={c.id} conversation={c} />
        ))}
        {loaded && items.length === 0 ? <li className="muted list-empty">{query ? 'No conversation matches.' : 'No conversations yet.'}</li> : null}
      </ul>
      <nav className="sidebar-nav">
        <button type="button" className={`nav-button${view === 'chat' ? ' active' : ''}`} data-testid="nav-chat" onClick={() => onNavigate('chat')}>
          Chat
        </button>
        <button type="button" className={`nav-button${view === 'health' ? ' active' : ''}`} data-testid="nav-health" onClick={() => onNavigate('health')}>
          Health
        </button>
        <button
          type="button"
          className={`nav-button${view === 'settings' ? ' active' : ''}`}
          data-testid="nav-settings"
          onClick={() => onNavigate('settings')}
        >
          Settings
        </button>
      </nav>
    </aside>
  )
}
