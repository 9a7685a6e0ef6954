import { memo } from 'react'
import type { Attempt } from '../../../../shared/types/domain'
import { liveStatus } from './attempt-summary'

/**
 * "openai timed out before answering — trying anthropic…": shown while the answer is empty after
 * a failed try, gone as soon as the next target starts writing.
 */
export const LiveStatus = memo(function LiveStatus({ attempts, plan }: { attempts: readonly Attempt[]; plan: readonly string[] | undefined }) {
  const text = liveStatus(attempts, plan)
  if (!text) return null
  return (
    <div className="live-status" role="status" data-testid="live-status">
      {text}
    </div>
  )
})
