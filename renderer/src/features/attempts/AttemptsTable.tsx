import type { Attempt } from '../../../../shared/types/domain'
import { formatMs, outcomeText } from './attempt-wording'
import { refOf } from './attempt-summary'

/** Every try the client made for one answer, in order, with what it cost. */
export function AttemptsTable({ attempts }: { attempts: readonly Attempt[] }) {
  return (
    <div className="attempts-details" data-testid="attempts-details">
      <table className="attempts">
        <thead>
          <tr>
            <th>Tier</th>
            <th>Try</th>
            <th>Target</th>
            <th>Outcome</th>
            <th>HTTP</th>
            <th>Latency</th>
            <th>First token</th>
            <th>Retry wait</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={`${a.tier}-${a.try}`} data-testid="attempt-row" data-outcome={a.outcome} className={a.outcome === 'ok' ? 'attempt-ok' : 'attempt-failed'}>
              <td>{a.tier}</td>
              <td>{a.try}</td>
              <td>
                <code>{refOf(a)}</code>
              </td>
              <td>{outcomeText(a)}</td>
              <td>{a.httpStatus ?? '–'}</td>
              <td>{formatMs(a.latencyMs)}</td>
              <td>{a.firstTokenMs === null ? '–' : formatMs(a.firstTokenMs)}</td>
              <td>{a.retryWaitMs > 0 ? formatMs(a.retryWaitMs) : '–'}</td>
              <td className="attempt-error">{a.message ?? (a.errorCode ? a.errorCode : '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
