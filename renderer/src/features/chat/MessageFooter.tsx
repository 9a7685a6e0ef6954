import { memo, useState } from 'react'
import type { Message } from '../../../../shared/types/domain'
import { summarizeAttempts } from '../attempts/attempt-summary'
import { formatMs } from '../attempts/attempt-wording'
import { AttemptsTable } from '../attempts/AttemptsTable'

/** The fields the footer reads; none of them changes on a delta, so streaming text skips it. */
type FooterProps = Pick<Message, 'attempts' | 'tier' | 'provider' | 'model' | 'usage' | 'firstTokenMs' | 'latencyMs'> & { streaming: boolean }

/**
 * Which target served the answer (a badge when the way was not straight), tokens and timing;
 * one click on the target shows every attempt.
 */
export const MessageFooter = memo(function MessageFooter(props: FooterProps) {
  const [open, setOpen] = useState(false)
  const { attempts, streaming } = props
  const stats = streaming ? [] : statParts(props)
  if (attempts.length === 0) {
    if (streaming) return null
    // Answers stored before attempts were recorded: name model and provider as before.
    const legacy = [props.model, props.provider ? `via ${props.provider}` : null, ...stats].filter((p): p is string => p !== null)
    if (legacy.length === 0) return null
    return (
      <div className="message-footer" data-testid="message-footer">
        {legacy.join(' · ')}
      </div>
    )
  }
  const summary = summarizeAttempts(attempts, props.tier, streaming)
  return (
    <>
      <div className="message-footer" data-testid="message-footer">
        <button
          type="button"
          className="attempts-toggle"
          data-testid="attempts-toggle"
          aria-expanded={open}
          title={open ? 'Hide the attempts' : 'Show every attempt'}
          onClick={() => setOpen(!open)}
        >
          {summary.badge ? (
            <span className={`badge badge-served${summary.served ? '' : ' badge-unserved'}`} data-testid="served-badge">
              {summary.badge}
            </span>
          ) : (
            <span className="served-ref">{summary.served}</span>
          )}
        </button>
        {stats.length > 0 ? <span> · {stats.join(' · ')}</span> : null}
      </div>
      {open ? <AttemptsTable attempts={attempts} /> : null}
    </>
  )
})

function statParts(m: Pick<Message, 'usage' | 'firstTokenMs' | 'latencyMs'>): string[] {
  const parts: string[] = []
  if (m.usage) parts.push(`${m.usage.inputTokens} in / ${m.usage.outputTokens} out tokens`)
  if (m.firstTokenMs !== null) parts.push(`first token ${formatMs(m.firstTokenMs)}`)
  if (m.latencyMs !== null) parts.push(`total ${formatMs(m.latencyMs)}`)
  return parts
}
