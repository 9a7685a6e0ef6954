import { useState } from 'react'
import { addTarget, moveTarget, removeTarget } from './route-edits'

/** What a route card may do: save the new target list, or delete the route. */
interface RouteCardProps {
  name: string
  targets: readonly string[]
  /** Every model on offer, to add from. */
  available: readonly string[]
  busy: boolean
  note?: string
  deleteLabel: string
  onSave: (targets: string[]) => Promise<string | null>
  onDelete: () => Promise<string | null>
}

/** One named route: its targets in the order they are tried, each movable and removable. */
export function RouteCard({ name, targets, available, busy, note, deleteLabel, onSave, onDelete }: RouteCardProps) {
  const addable = available.filter((ref) => !targets.includes(ref))
  const [adding, setAdding] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const choice = addable.includes(adding) ? adding : (addable[0] ?? '')

  async function save(next: string[]): Promise<void> {
    setProblem(await onSave(next))
  }

  function add(): void {
    const result = addTarget(targets, choice)
    if ('problem' in result) setProblem(result.problem)
    else void save(result.targets)
  }

  return (
    <div className="card route-card" data-testid="route-card" data-route={name}>
      <div className="route-card-head">
        <h3>{name}</h3>
        {confirming ? (
          <span className="confirm">
            <button type="button" className="button small danger" data-testid="route-delete-confirm" disabled={busy} onClick={() => void onDelete().then(setProblem)}>
              {deleteLabel}
            </button>
            <button type="button" className="button small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="button small" data-testid="route-delete" onClick={() => setConfirming(true)}>
            {deleteLabel}…
          </button>
        )}
      </div>
      {note ? <p className="muted small">{note}</p> : null}
      {targets.length === 0 ? <p className="muted">No targets yet: add one below.</p> : null}
      <ol className="route-targets">
        {targets.map((ref, i) => (
          <li key={ref} data-testid="route-target" data-ref={ref}>
            <code>{ref}</code>
            {available.length > 0 && !available.includes(ref) ? <span className="muted small"> (not offered now)</span> : null}
            <span className="route-target-actions">
              <button type="button" className="icon-button" aria-label={`Move ${ref} up`} data-testid="route-up" disabled={busy || i === 0} onClick={() => void save(moveTarget(targets, i, -1))}>
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move ${ref} down`}
                data-testid="route-down"
                disabled={busy || i === targets.length - 1}
                onClick={() => void save(moveTarget(targets, i, 1))}
              >
                ↓
              </button>
              <button type="button" className="icon-button" aria-label={`Remove ${ref}`} data-testid="route-remove" disabled={busy} onClick={() => void save(removeTarget(targets, i))}>
                ×
              </button>
            </span>
          </li>
        ))}
      </ol>
      <div className="inline-form">
        <select aria-label={`Model to add to ${name}`} data-testid="route-add-select" value={choice} disabled={addable.length === 0} onChange={(e) => setAdding(e.target.value)}>
          {addable.length === 0 ? <option value="">no other model on offer</option> : null}
          {addable.map((ref) => (
            <option key={ref} value={ref}>
              {ref}
            </option>
          ))}
        </select>
        <button type="button" className="button small" data-testid="route-add" disabled={busy || !choice} onClick={add}>
          Add
        </button>
      </div>
      {problem ? (
        <p className="warn" role="alert" data-testid="route-error">
          {problem}
        </p>
      ) : null}
    </div>
  )
}
