import { memo } from 'react'
import type { Attempt } from '../../../../shared/types/domain'
import { Markdown } from '../../components/Markdown'
import { continuedWith, switchLabel } from './attempt-summary'

/** What a marker needs; attempts change only when a try ends, so deltas never re-render this. */
interface SwitchMarkersProps {
  attempts: readonly Attempt[]
  /** The serving target once finished, else null. */
  served: string | null
  streaming: boolean
  plan: readonly string[] | undefined
}

/**
 * Text a target streamed before it broke off, set apart above the answer and dimmed: it is not
 * part of the answer, which restarted on the next target.
 */
export const SwitchMarkers = memo(function SwitchMarkers({ attempts, served, streaming, plan }: SwitchMarkersProps) {
  const broken = attempts.filter((a) => a.partialText !== null)
  if (broken.length === 0) return null
  return (
    <>
      {broken.map((a) => {
        const next = continuedWith(attempts, a, served, streaming, plan)
        return (
          <div key={`${a.tier}-${a.try}`} className="switch-marker" data-testid="switch-marker" data-target={`${a.provider}:${a.model}`}>
            <div className="switch-text">
              <Markdown text={a.partialText ?? ''} />
            </div>
            <div className="switch-label">↳ {switchLabel(a, next, streaming)}</div>
          </div>
        )
      })}
    </>
  )
})
