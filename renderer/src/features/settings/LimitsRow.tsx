import { useEffect, useState } from 'react'
import type { ProviderView } from '../../../../shared/types/settings'
import { useSettings, useStores } from '../../stores/context'
import { limitsToDraft, parseLimits } from './limit-drafts'

/** One provider's client-side limits: requests and tokens per minute, calls at a time. */
export function LimitsRow({ provider }: { provider: ProviderView }) {
  const { settings } = useStores()
  const busy = useSettings((s) => s.busy[`limits:${provider.id}`] === true)
  const [draft, setDraft] = useState(() => limitsToDraft(provider.limits))
  const [problem, setProblem] = useState<string | null>(null)
  const current = limitsToDraft(provider.limits)
  // Keyed on the values: saving another row brings a new object with the same limits, and must not wipe this row's edit.
  const currentKey = JSON.stringify(current)
  useEffect(() => setDraft(JSON.parse(currentKey) as typeof current), [currentKey])
  const dirty = (Object.keys(draft) as Array<keyof typeof draft>).some((k) => draft[k].trim() !== current[k])

  async function save(): Promise<void> {
    const parsed = parseLimits(draft)
    if ('problem' in parsed) {
      setProblem(parsed.problem)
      return
    }
    setProblem(await settings.getState().saveLimits(provider.id, parsed.value))
  }

  const field = (key: keyof typeof draft, label: string, placeholder: string) => (
    <input
      type="number"
      min={1}
      step={1}
      aria-label={`${provider.label}: ${label}`}
      data-testid={`limits-${key}`}
      placeholder={placeholder}
      value={draft[key]}
      onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
    />
  )

  return (
    <tr data-testid="limits-row" data-provider-id={provider.id}>
      <td className="provider-label">{provider.label}</td>
      <td>{field('requestsPerMinute', 'requests per minute', 'no limit')}</td>
      <td>{field('tokensPerMinute', 'tokens per minute', 'no limit')}</td>
      <td>{field('maxConcurrent', 'at most in flight', '4')}</td>
      <td>
        <button type="button" className="button small" data-testid="limits-save" disabled={busy || !dirty} onClick={() => void save()}>
          Save
        </button>
        {problem ? (
          <div className="warn small" role="alert" data-testid="limits-error">
            {problem}
          </div>
        ) : null}
      </td>
    </tr>
  )
}
