import { useModels, useSettings, useStores } from '../../stores/context'
import { pickableRoutes } from './route-edits'

/** Picks the route for the next message: the default one, or a named route from settings. */
export function RoutePicker() {
  const { models } = useStores()
  const route = useModels((s) => s.route)
  const routes = useSettings((s) => s.view?.settings.routes)
  const names = routes ? pickableRoutes(routes) : []
  return (
    <select
      className="route-picker"
      data-testid="route-picker"
      aria-label="Route"
      value={route}
      disabled={names.length === 0 && route === ''}
      title={names.length === 0 ? 'Create routes in Settings to send on a route other than the default' : 'Route: which targets to try, in order'}
      onChange={(e) => models.getState().selectRoute(e.target.value)}
    >
      <option value="">default route</option>
      {names.map((name) => (
        <option key={name} value={name}>
          route: {name} ({routes?.[name]?.length ?? 0})
        </option>
      ))}
    </select>
  )
}
