import { useEffect } from 'react'
import { useModels, useSettings, useStores } from '../../stores/context'
import { useProviderLabel } from '../settings/provider-labels'

// Often enough that starting Ollama in a terminal is noticed within moments, rare enough to cost nothing.
const RECHECK_MS = 5000

/** Shown while no provider offers a model: how to get one, re-checked on its own. */
export function Onboarding({ onOpenSettings }: { onOpenSettings: () => void }) {
  const { models } = useStores()
  const providers = useModels((s) => s.providers) ?? []
  const loading = useModels((s) => s.loading)
  const ollamaUrl = useSettings((s) => s.view?.providers.find((p) => p.kind === 'ollama')?.effectiveBaseUrl ?? null)
  const label = useProviderLabel()

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void models.getState().refresh(true)
    }, RECHECK_MS)
    return () => clearInterval(timer)
  }, [models])

  return (
    <div className="onboarding" data-testid="onboarding">
      <h2>No model is available yet</h2>
      <p>The workbench talks to models on your machine or in the cloud. Pick either:</p>
      <div className="onboarding-options">
        <div className="card">
          <h3>Offline, with Ollama</h3>
          <ol>
            <li>
              Install Ollama, then start it: <code>ollama serve</code>
            </li>
            <li>
              Download a small model: <code>ollama pull llama3.2</code>
            </li>
          </ol>
          <p className="muted">
            Looking for Ollama at {ollamaUrl ?? 'its default address'}. This page checks again every few seconds and says when it is
            found.
          </p>
        </div>
        <div className="card">
          <h3>In the cloud, with an API key</h3>
          <p>Add an OpenAI or Anthropic key (kept in your system keychain), or an OpenAI-compatible endpoint.</p>
          <button type="button" className="button primary" onClick={onOpenSettings}>
            Open settings
          </button>
        </div>
      </div>
      {providers.some((p) => p.error) ? (
        <ul className="provider-status">
          {providers
            .filter((p) => p.error)
            .map((p) => (
              <li key={p.provider}>
                <strong>{label(p.provider)}</strong>: {p.error?.message}
              </li>
            ))}
        </ul>
      ) : null}
      <button type="button" className="button" disabled={loading} onClick={() => void models.getState().refresh(true)}>
        {loading ? 'Checking…' : 'Check again'}
      </button>
    </div>
  )
}
