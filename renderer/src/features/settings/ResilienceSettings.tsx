import type { SettingsView } from '../../../../shared/types/settings'
import { RoutesEditor } from '../routes/RoutesEditor'
import { LimitsRow } from './LimitsRow'
import { TimeoutsEditor } from './TimeoutsEditor'

/** The settings of the resilient client: routes, timeouts and per-provider limits. */
export function ResilienceSettings({ view }: { view: SettingsView }) {
  return (
    <>
      <h2>Routes</h2>
      <RoutesEditor settings={view.settings} />

      <h2>Timeouts</h2>
      <TimeoutsEditor timeouts={view.settings.timeouts} />

      <h2>Rate limits</h2>
      <p className="muted">The client queues itself under these limits instead of collecting 429s. Empty means no limit.</p>
      <div className="table-wrap">
        <table className="providers limits" data-testid="limits-editor">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Requests / min</th>
              <th>Tokens / min</th>
              <th>At most in flight</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {view.providers.map((p) => (
              <LimitsRow key={p.id} provider={p} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
