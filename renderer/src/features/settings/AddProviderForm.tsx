import { useState } from 'react'
import type { ProviderConfig } from '../../../../shared/types/settings'
import { validateNewProvider } from './provider-edits'

/** No client-side rate limit until the user knows the endpoint's; four calls at a time, as the built-in cloud providers. */
const NEW_PROVIDER_LIMITS = { requestsPerMinute: null, tokensPerMinute: null, maxConcurrent: 4 }

/** Adds an OpenAI-compatible endpoint (LM Studio, vLLM, Groq, OpenRouter…). */
export function AddProviderForm({ existing, busy, onAdd }: { existing: readonly { id: string }[]; busy: boolean; onAdd: (p: ProviderConfig) => Promise<boolean> }) {
  const [id, setId] = useState('')
  const [label, setLabel] = useState('')
  const [baseUrl, setBaseUrl] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  async function submit(): Promise<void> {
    const fields = { id: id.trim(), label: label.trim(), baseUrl: baseUrl.trim() }
    const invalid = validateNewProvider(fields, existing)
    setProblem(invalid)
    if (invalid) return
    const added = await onAdd({ id: fields.id, kind: 'openai-compatible', label: fields.label, baseUrl: fields.baseUrl, enabled: true, limits: NEW_PROVIDER_LIMITS })
    if (added) {
      setId('')
      setLabel('')
      setBaseUrl('')
    }
  }

  return (
    <form
      className="add-provider"
      data-testid="add-provider"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3>Add an OpenAI-compatible provider</h3>
      <div className="add-provider-fields">
        <label>
          Id
          <input data-testid="new-provider-id" value={id} placeholder="lmstudio" onChange={(e) => setId(e.target.value.toLowerCase())} />
        </label>
        <label>
          Label
          <input data-testid="new-provider-label" value={label} placeholder="LM Studio" onChange={(e) => setLabel(e.target.value)} />
        </label>
        <label className="grow">
          Base URL
          <input
            data-testid="new-provider-url"
            type="url"
            value={baseUrl}
            placeholder="http://localhost:1234/v1"
            onChange={(e) => setBaseUrl(e.target.value)}
          />
        </label>
        <button type="submit" className="button primary" data-testid="add-provider-submit" disabled={busy}>
          Add
        </button>
      </div>
      {problem ? <p className="warn">{problem}</p> : null}
    </form>
  )
}
