import { useState } from 'react'
import { DEFAULT_ROUTE, type Settings } from '../../../../shared/types/settings'
import { allRefs } from '../../stores/models'
import { useModels, useSettings, useStores } from '../../stores/context'
import { RouteCard } from './RouteCard'
import { validateRouteName } from './route-edits'

const LOCAL_NOTE = 'A local Ollama model is tried last whenever one is installed and this route has none, so chat keeps working offline.'

/** Named routes – ordered targets tried in turn – and the default route every message takes unless told otherwise. */
export function RoutesEditor({ settings: current }: { settings: Settings }) {
  const { settings } = useStores()
  const providers = useModels((s) => s.providers)
  const busy = useSettings((s) => Object.entries(s.busy).some(([k, v]) => v && k.startsWith('routes')))
  const [name, setName] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const available = allRefs(providers ?? [])
  const routes = current.routes
  const named = Object.keys(routes).filter((n) => n !== DEFAULT_ROUTE).sort()
  const set = settings.getState().setValue

  const saveRoute = (route: string) => (targets: string[]) => set(`routes.${route}`, targets)
  // A whole-record write removes a route without relying on how a dotted path deletes.
  const deleteRoute = (route: string) => () => set('routes', Object.fromEntries(Object.entries(routes).filter(([n]) => n !== route)))

  async function create(): Promise<void> {
    const trimmed = name.trim()
    const invalid = validateRouteName(trimmed, Object.keys(routes))
    if (invalid) return setProblem(invalid)
    const refused = await set(`routes.${trimmed}`, [])
    setProblem(refused)
    if (!refused) setName('')
  }

  return (
    <div className="routes-editor" data-testid="routes-editor">
      <p className="muted">A route is a list of models tried in order: when one fails, times out or is known to be down, the next one answers.</p>
      {routes[DEFAULT_ROUTE] ? (
        <RouteCard
          name={DEFAULT_ROUTE}
          targets={routes[DEFAULT_ROUTE]}
          available={available}
          busy={busy}
          note={`Used unless another route is picked; the model picked in the chat goes first. ${LOCAL_NOTE}`}
          deleteLabel="Reset to automatic"
          onSave={saveRoute(DEFAULT_ROUTE)}
          onDelete={deleteRoute(DEFAULT_ROUTE)}
        />
      ) : (
        <div className="card route-card" data-testid="route-default-effective">
          <h3>default (automatic)</h3>
          <p>
            Your default model{current.defaultModel ? <> (<code>{current.defaultModel}</code>)</> : ' (none set yet)'}, then a local Ollama model when one is
            installed. The model picked in the chat goes first.
          </p>
          <button
            type="button"
            className="button small"
            data-testid="route-default-customise"
            disabled={busy}
            onClick={() => void set(`routes.${DEFAULT_ROUTE}`, current.defaultModel ? [current.defaultModel] : []).then(setProblem)}
          >
            Customise
          </button>
        </div>
      )}
      {named.map((route) => (
        <RouteCard
          key={route}
          name={route}
          targets={routes[route] ?? []}
          available={available}
          busy={busy}
          deleteLabel="Delete"
          onSave={saveRoute(route)}
          onDelete={deleteRoute(route)}
        />
      ))}
      <form
        className="inline-form new-route"
        onSubmit={(e) => {
          e.preventDefault()
          void create()
        }}
      >
        <input data-testid="new-route-name" aria-label="New route name" placeholder="new route, e.g. cheap-first" value={name} onChange={(e) => setName(e.target.value.toLowerCase())} />
        <button type="submit" className="button small primary" data-testid="new-route-create" disabled={busy || !name.trim()}>
          Create route
        </button>
      </form>
      {problem ? (
        <p className="warn" role="alert" data-testid="routes-error">
          {problem}
        </p>
      ) : null}
    </div>
  )
}
