import { memo, useDeferredValue } from 'react'
import { Markdown } from '../../components/Markdown'
import { StatusBadge } from '../../components/StatusBadge'
import { useChat } from '../../stores/context'
import { LiveStatus } from '../attempts/LiveStatus'
import { SwitchMarkers } from '../attempts/SwitchMarkers'
import { MessageFooter } from './MessageFooter'

/**
 * One message, subscribed to its own entry: a delta replaces only the streaming message's
 * object, so every finished message above it skips rendering entirely. Within it, the parts
 * about attempts are memoized on the attempts array, which a delta leaves alone.
 */
export const MessageItem = memo(function MessageItem({ id }: { id: string }) {
  const message = useChat((s) => s.byId[id])
  const plan = useChat((s) => s.plans[id])
  // While text streams in, let React drop intermediate markdown parses under load.
  const content = useDeferredValue(message?.content ?? '')
  if (!message) return null
  const assistant = message.role === 'assistant'
  const streaming = message.status === 'streaming'
  const served = message.provider && message.model && message.tier !== null ? `${message.provider}:${message.model}` : null
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
      {assistant ? <SwitchMarkers attempts={message.attempts} served={served} streaming={streaming} plan={plan} /> : null}
      <div className="message-content" data-testid="message-content">
        {assistant ? <Markdown text={streaming ? content : message.content} /> : <p className="plain">{message.content}</p>}
        {assistant && streaming && !message.content ? <span className="typing">…</span> : null}
      </div>
      {assistant && streaming && !message.content ? <LiveStatus attempts={message.attempts} plan={plan} /> : null}
      {assistant ? (
        <MessageFooter
          attempts={message.attempts}
          tier={message.tier}
          provider={message.provider}
          model={message.model}
          usage={message.usage}
          firstTokenMs={message.firstTokenMs}
          latencyMs={message.latencyMs}
          streaming={streaming}
        />
      ) : null}
    </article>
  )
})
