import { useSettings, useStores } from '../../stores/context'
import { AddProviderForm } from './AddProviderForm'
import { KeyStoreFacts } from './KeyStoreFacts'
import { ProviderRow } from './ProviderRow'
import { ResilienceSettings } from './ResilienceSettings'
import { withPatch, without } from './provider-edits'

/** Providers, keys, routes, timeouts, limits, the default model and where data lives. */
export function SettingsPage() {
  const { settings } = useStores()
  const view = useSettings((s) => s.view)
  const error = useSettings((s) => s.error)
  const busy = useSettings((s) => s.busy.providers === true)

  if (!view) {
    return (
      <section className="settings">
        <h1>Settings</h1>
        <p className="muted">{error ?? 'Loading…'}</p>
      </section>
    )
  }

  const save = settings.getState().saveProviders
  return (
    <section className="settings">
      <h1>Settings</h1>
      {error ? (
        <div className="inline-error" role="alert" data-testid="settings-error">
          <span>{error}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => settings.getState().clearError()}>
            ×
          </button>
        </div>
      ) : null}

      <h2>Providers</h2>
      <div className="table-wrap">
        <table className="providers">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Base URL</th>
              <th>Enabled</th>
              <th>API key</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {view.providers.map((p) => (
              <ProviderRow
                key={p.id}
                provider={p}
                busy={busy}
                onPatch={(patch) => void save(withPatch(view.providers, p.id, patch))}
                onRemove={() => void save(without(view.providers, p.id))}
              />
            ))}
          </tbody>
        </table>
      </div>
      <AddProviderForm existing={view.providers} busy={busy} onAdd={(p) => save([...view.providers, p])} />

      <ResilienceSettings view={view} />

      <h2>Storage</h2>
      <dl className="facts">
        <dt>API keys</dt>
        <dd data-testid="key-store">
          <KeyStoreFacts keyStore={view.keyStore} />
        </dd>
        <dt>Default model</dt>
        <dd>
          {view.settings.defaultModel ? (
            <>
              <code>{view.settings.defaultModel}</code>{' '}
              <button type="button" className="link-button" onClick={() => void settings.getState().setDefaultModel(null)}>
                clear
              </button>
            </>
          ) : (
            <span className="muted">none – pick a model in the chat and choose “Make default”</span>
          )}
        </dd>
        <dt>Data directory</dt>
        <dd>
          <code data-testid="data-dir">{view.dataDir}</code>
        </dd>
      </dl>
    </section>
  )
}
