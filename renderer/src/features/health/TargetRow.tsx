import { useState } from 'react'
import type { TargetHealth } from '../../../../shared/types/domain'
import { outcomeText } from '../attempts/attempt-wording'
import { failureRateText, reopensText } from './health-format'

/** One provider:model: its breaker, failure counts, and its recent errors on request. */
export function TargetRow({ target, now }: { target: TargetHealth; now: number }) {
  const [open, setOpen] = useState(false)
  const reopens = reopensText(target, now)
  return (
    <>
      <tr data-testid="target-health" data-target={target.target}>
        <td>
          <code>{target.target}</code>
        </td>
        <td>
          <span className={`breaker breaker-${target.state}`} data-testid="breaker-state" data-target={target.target} data-state={target.state}>
            {target.state}
          </span>
          {reopens ? <div className="muted small">{reopens}</div> : null}
        </td>
        <td>{target.consecutiveFailures}</td>
        <td>{failureRateText(target)}</td>
        <td>
          {target.recent.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <button type="button" className="link-button" aria-expanded={open} data-testid="recent-errors-toggle" onClick={() => setOpen(!open)}>
              {target.recent.length} recent
            </button>
          )}
        </td>
      </tr>
      {open ? (
        <tr className="recent-errors-row">
          <td colSpan={5}>
            <ul className="recent-errors" data-testid="recent-errors">
              {target.recent.map((r, i) => (
                <li key={`${r.at}-${i}`}>
                  <span className="muted">{new Date(r.at).toLocaleTimeString()}</span> {outcomeText({ outcome: r.outcome, httpStatus: null })}
                  {r.message ? <>: {r.message}</> : null}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      ) : null}
    </>
  )
}
