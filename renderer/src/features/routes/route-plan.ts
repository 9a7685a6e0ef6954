import type { ProviderModels } from '../../../../shared/types/domain'
import type { Settings } from '../../../../shared/types/settings'

/** The route every message takes unless another is picked. */
export const DEFAULT_ROUTE = 'default'

/**
 * The targets the core will try for a message, as far as the renderer can tell (the core decides;
 * this only names the next target in "trying anthropic…"): a named route as written; otherwise
 * the picked model, then routes.default or the default model, then `localModel` (an installed
 * Ollama model) unless one of the providers in `localProviders` is already on the route.
 */
export function expectedTargets(
  model: string | null,
  route: string,
  settings: Pick<Settings, 'routes' | 'defaultModel'>,
  local: { model: string | null; providers: readonly string[] } = { model: null, providers: [] }
): string[] {
  if (route && route !== DEFAULT_ROUTE) return unique(settings.routes[route] ?? [])
  const base = settings.routes[DEFAULT_ROUTE] ?? (settings.defaultModel ? [settings.defaultModel] : [])
  const refs = unique(model ? [model, ...base] : base)
  const hasLocal = refs.some((r) => local.providers.includes(r.slice(0, r.indexOf(':'))))
  return local.model && !hasLocal ? [...refs, local.model] : refs
}

/** The first installed model of an enabled Ollama provider, and every Ollama provider's id. */
export function localTargets(providers: readonly ProviderModels[]): { model: string | null; providers: string[] } {
  const ollama = providers.filter((p) => p.kind === 'ollama')
  return { model: ollama.find((p) => p.models.length > 0)?.models[0]?.ref ?? null, providers: ollama.map((p) => p.provider) }
}

/** Named routes a message can be sent on: the default is the picker's '' and empty ones would only fail. */
export function pickableRoutes(routes: Settings['routes']): string[] {
  return Object.keys(routes)
    .filter((name) => name !== DEFAULT_ROUTE && (routes[name]?.length ?? 0) > 0)
    .sort()
}

function unique(refs: readonly string[]): string[] {
  return [...new Set(refs)]
}
