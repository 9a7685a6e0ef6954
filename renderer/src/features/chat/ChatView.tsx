import { allRefs } from '../../stores/models'
import { useChat, useConversations, useModels } from '../../stores/context'
import { DiscoveryNotice } from '../models/DiscoveryNotice'
import { ModelPicker } from '../models/ModelPicker'
import { Onboarding } from '../onboarding/Onboarding'
import { RoutePicker } from '../routes/RoutePicker'
import { Composer } from './Composer'
import { MessageList } from './MessageList'

/** The chat screen: title and model picker on top, messages, then the composer. */
export function ChatView({ onOpenSettings }: { onOpenSettings: () => void }) {
  const conversationId = useChat((s) => s.conversationId)
  const empty = useChat((s) => s.ids.length === 0)
  const loading = useChat((s) => s.loading)
  const title = useConversations((s) => s.items.find((c) => c.id === conversationId)?.title ?? null)
  const noModels = useModels((s) => s.providers !== null && allRefs(s.providers).length === 0)

  return (
    <section className="chat">
      <header className="chat-header">
        <h1 className="chat-title">{conversationId ? (title ?? 'Conversation') : 'New chat'}</h1>
        <div className="chat-pickers">
          <RoutePicker />
          <ModelPicker />
        </div>
      </header>
      <DiscoveryNotice />
      {noModels ? <Onboarding onOpenSettings={onOpenSettings} /> : null}
      {empty && !noModels ? (
        <div className="empty-chat">{loading ? 'Loading…' : 'Ask anything. Answers stream in as they are written.'}</div>
      ) : null}
      {empty ? <div className="spacer" /> : <MessageList />}
      <Composer />
    </section>
  )
}
