import type { Message } from '../../../shared/types/domain'

/** A short label for a message that did not simply complete, with the reason when there is one. */
export function StatusBadge({ message }: { message: Pick<Message, 'status' | 'error' | 'finishReason'> }) {
  if (message.status === 'complete') return null
  if (message.status === 'streaming') {
    return (
      <span className="badge badge-streaming" data-testid="message-status">
        <span className="dot-pulse" aria-hidden="true" /> answering…
      </span>
    )
  }
  const stopped = message.status === 'partial' && (!message.error || message.error.code === 'stopped')
  return (
    <span className={`badge badge-${message.status}`} data-testid="message-status" title={message.error?.message}>
      {message.status === 'failed' ? 'failed' : stopped ? 'stopped' : 'partial'}
      {message.error && !stopped ? <span className="badge-reason">: {message.error.message}</span> : null}
    </span>
  )
}
