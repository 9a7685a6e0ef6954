import { useModels, useStores } from '../../stores/context'
import { useProviderLabel } from '../settings/provider-labels'

/** Says that a provider showed up by itself, e.g. Ollama started while the onboarding was open. */
export function DiscoveryNotice() {
  const { models } = useStores()
  const discovered = useModels((s) => s.discovered)
  const label = useProviderLabel()
  if (!discovered) return null
  const text = discovered.map((d) => `Found ${label(d.provider)}: ${d.count} model${d.count === 1 ? '' : 's'} ready.`).join(' ')
  return (
    <div className="info-notice" role="status" data-testid="discovered-notice">
      <span>{text}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => models.getState().dismissDiscovered()}>
        ×
      </button>
    </div>
  )
}
