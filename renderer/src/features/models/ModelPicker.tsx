import { useState } from 'react'
import { RefreshIcon } from '../../components/icons'
import { allRefs } from '../../stores/models'
import { useModels, useSettings, useStores } from '../../stores/context'
import { useProviderLabel } from '../settings/provider-labels'

/**
 * Picks the model for the next message, grouped by provider. Providers that failed to list
 * (no key, not running) are summarised in a small toggle instead of interrupting.
 */
export function ModelPicker() {
  const { models, settings } = useStores()
  const providers = useModels((s) => s.providers)
  const selected = useModels((s) => s.selected)
  const routeDecides = useModels((s) => s.route !== '')
  const loading = useModels((s) => s.loading)
  const defaultModel = useSettings((s) => s.view?.settings.defaultModel ?? null)
  const savingDefault = useSettings((s) => s.busy.defaultModel === true)
  const label = useProviderLabel()
  const [showProblems, setShowProblems] = useState(false)

  const refs = allRefs(providers ?? [])
  const withModels = (providers ?? []).filter((p) => p.models.length > 0)
  const problems = (providers ?? []).filter((p) => p.error)
  const unknownSelected = selected !== null && !refs.includes(selected)

  return (
    <div className="model-picker">
      <select
        data-testid="model-picker"
        aria-label="Model"
        value={selected ?? ''}
        // A named route lists its own targets in order; a picked model would jump the queue.
        disabled={routeDecides || (refs.length === 0 && !unknownSelected)}
        title={routeDecides ? 'The picked route decides the model' : undefined}
        onChange={(e) => models.getState().select(e.target.value)}
      >
        {refs.length === 0 && !unknownSelected ? <option value="">{providers === null ? 'Loading models…' : 'No models available'}</option> : null}
        {unknownSelected ? <option value={selected}>{selected} (unavailable)</option> : null}
        {withModels.map((p) => (
          <optgroup key={p.provider} label={label(p.provider)}>
            {p.models.map((m) => (
              <option key={m.ref} value={m.ref}>
                {m.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <button
        type="button"
        className="icon-button"
        title="Check providers for models again"
        aria-label="Refresh models"
        disabled={loading}
        onClick={() => void models.getState().refresh(true)}
      >
        <span className={loading ? 'spin' : 'still'}>
          <RefreshIcon />
        </span>
      </button>
      {selected && selected !== defaultModel && !unknownSelected && !routeDecides ? (
        <button type="button" className="button small" disabled={savingDefault} onClick={() => void settings.getState().setDefaultModel(selected)}>
          Make default
        </button>
      ) : null}
      {problems.length > 0 ? (
        <div className="model-problems">
          <button type="button" className="link-button warn" aria-expanded={showProblems} onClick={() => setShowProblems(!showProblems)}>
            ⚠ {problems.length} provider{problems.length === 1 ? '' : 's'} unavailable
          </button>
          {showProblems ? (
            <ul className="popover" data-testid="provider-errors">
              {problems.map((p) => (
                <li key={p.provider}>
                  <strong>{label(p.provider)}</strong>: {p.error?.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
