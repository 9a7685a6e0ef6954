import { useEffect, useState } from 'react'
import type { Timeouts } from '../../../../shared/types/settings'
import { useSettings, useStores } from '../../stores/context'
import { parseTimeouts, timeoutFields, timeoutsToDraft } from './limit-drafts'

/** How long a try may take before the client gives up on it and moves on, in seconds. */
export function TimeoutsEditor({ timeouts }: { timeouts: Timeouts }) {
  const { settings } = useStores()
  const busy = useSettings((s) => s.busy.timeouts === true)
  const [draft, setDraft] = useState(() => timeoutsToDraft(timeouts))
  const [problem, setProblem] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  // A save here or in another window brings new values: show them.
  const key = JSON.stringify(timeouts)
  useEffect(() => setDraft(timeoutsToDraft(JSON.parse(key) as Timeouts)), [key])

  async function save(): Promise<void> {
    const parsed = parseTimeouts(draft)
    if ('problem' in parsed) {
      setProblem(parsed.problem)
      return
    }
    const refused = await settings.getState().setValue('timeouts', parsed.value)
    setProblem(refused)
    setSaved(refused === null)
  }

  return (
    <form
      className="card timeouts-editor"
      data-testid="timeouts-editor"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <div className="add-provider-fields">
        {timeoutFields.map((f) => (
          <label key={f.key}>
            {f.label} (s)
            <input
              type="number"
              min={f.minMs / 1000}
              max={f.maxMs / 1000}
              step="0.1"
              data-testid={`timeout-${f.key}`}
              value={draft[f.key]}
              onChange={(e) => {
                setSaved(false)
                setDraft({ ...draft, [f.key]: e.target.value })
              }}
            />
          </label>
        ))}
        <button type="submit" className="button primary" data-testid="timeouts-save" disabled={busy}>
          Save
        </button>
        {saved ? <span className="ok small">saved</span> : null}
      </div>
      <p className="muted small">A reasoning model may think a while before its first token; a local model may need longer on first load.</p>
      {problem ? (
        <p className="warn" role="alert" data-testid="timeouts-error">
          {problem}
        </p>
      ) : null}
    </form>
  )
}
