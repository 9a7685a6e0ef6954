import { useEffect } from 'react'
import { useHealth, useSettings, useStores } from '../../stores/context'
import { useProviderLabel } from '../settings/provider-labels'
import { leftOf, offlineText } from './health-format'
import { TargetRow } from './TargetRow'

/**
 * Breakers per target, queues per provider, and whether the machine is offline. Polled every
 * two seconds while shown (and after each answer); reads only the health slice, so nothing
 * here re-renders the chat.
 */
export function HealthPage() {
  const { health } = useStores()
  const view = useHealth((s) => s.view)
  const readAt = useHealth((s) => s.readAt)
  const error = useHealth((s) => s.error)
  const label = useProviderLabel()
  const configured = useSettings((s) => s.view?.providers)

  useEffect(() => health.getState().watch(), [health])

  const now = readAt ?? Date.now()
  return (
    <section className="settings health" data-testid="health-panel">
      <h1>Provider health</h1>
      {error ? (
        <div className="inline-error" role="alert" data-testid="health-error">
          {error}
        </div>
      ) : null}
      {!view ? (
        <p className="muted">{error ? '' : 'Loading…'}</p>
      ) : (
        <>
          {view.offline ? (
            <div className="offline-banner" role="status" data-testid="offline-banner">
              {offlineText(view, (at) => new Date(at).toLocaleTimeString())}
            </div>
          ) : null}

          <h2>Targets</h2>
          {view.targets.length === 0 ? (
            <p className="muted">No target has been called yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="providers health-table">
                <thead>
                  <tr>
                    <th>Target</th>
                    <th>Breaker</th>
                    <th>Failures in a row</th>
                    <th>Failure rate</th>
                    <th>Recent errors</th>
                  </tr>
                </thead>
                <tbody>
                  {view.targets.map((t) => (
                    <TargetRow key={t.target} target={t} now={now} />
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h2>Queues</h2>
          <div className="table-wrap">
            <table className="providers health-table">
              <thead>
                <tr>
                  <th>Provider</th>
                  <th>Queued</th>
                  <th>In flight</th>
                  <th>Requests left this minute</th>
                  <th>Tokens left this minute</th>
                </tr>
              </thead>
              <tbody>
                {view.providers.map((p) => {
                  const limits = configured?.find((c) => c.id === p.provider)?.limits
                  return (
                    <tr key={p.provider} data-testid="provider-load" data-provider-id={p.provider}>
                      <td>{label(p.provider)}</td>
                      <td data-testid="queued">{p.queued}</td>
                      <td>
                        {p.inFlight} / {p.maxConcurrent}
                      </td>
                      <td>{leftOf(p.requestsAvailable, limits?.requestsPerMinute)}</td>
                      <td>{leftOf(p.tokensAvailable, limits?.tokensPerMinute)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          <p className="muted small">Limits are set per provider in Settings; the client queues itself instead of collecting 429s.</p>
        </>
      )}
    </section>
  )
}
