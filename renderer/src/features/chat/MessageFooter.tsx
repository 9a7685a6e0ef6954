import type { Message } from '../../../../shared/types/domain'

/** Model, provider, tokens and timing of a finished answer. */
export function MessageFooter({ message }: { message: Message }) {
  const parts: string[] = []
  if (message.model) parts.push(message.model)
  if (message.provider) parts.push(`via ${message.provider}`)
  if (message.usage) parts.push(`${message.usage.inputTokens} in / ${message.usage.outputTokens} out tokens`)
  if (message.firstTokenMs !== null) parts.push(`first token ${formatMs(message.firstTokenMs)}`)
  if (message.latencyMs !== null) parts.push(`total ${formatMs(message.latencyMs)}`)
  if (parts.length === 0) return null
  return (
    <div className="message-footer" data-testid="message-footer">
      {parts.join(' · ')}
    </div>
  )
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
