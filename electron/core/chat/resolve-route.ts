import { WorkbenchError } from '../../../shared/errors'
import { splitModelRef, type ProviderModels } from '../../../shared/types/domain'
import type { Settings } from '../../../shared/types/settings'
import type { Target } from '../llm/policies/policy'

export interface RouteRequest {
  model?: string
  route?: string
}

const NO_MODEL =
  'No model is available yet. For offline chat start Ollama (`ollama serve`, then `ollama pull llama3.2`); ' +
  'for cloud models set OPENAI_API_KEY or ANTHROPIC_API_KEY, or add a key in Settings.'

/**
 * The targets to try, in order. A named route is used as written. Otherwise the default route
 * (routes.default, else the default model) with the picked model moved to the front, and a local
 * Ollama model appended whenever one is installed, so the last tier works offline. With nothing
 * configured, the first model any working provider offers.
 */
export async function resolveRoute(request: RouteRequest, settings: Settings, listModels: () => Promise<ProviderModels[]>): Promise<Target[]> {
  if (request.route && request.route !== 'default') {
    const named = settings.routes[request.route]
    if (!named) throw new WorkbenchError('unknown_route', `There is no route "${request.route}". Routes: ${Object.keys(settings.routes).join(', ') || 'none yet'}.`)
    const targets = unique(request.model ? [request.model, ...named] : named)
    if (targets.length === 0) throw new WorkbenchError('empty_route', `The route "${request.route}" has no targets.`)
    return targets.map(splitModelRef)
  }

  const base = settings.routes.default ?? (settings.defaultModel ? [settings.defaultModel] : [])
  let refs = unique(request.model ? [request.model, ...base] : base)
  const enabled = new Map(settings.providers.filter((p) => p.enabled).map((p) => [p.id, p.kind]))
  const hasLocal = refs.some((r) => enabled.get(splitModelRef(r).provider) === 'ollama')
  if (!hasLocal || refs.length === 0) {
    const lists = await listModels()
    if (!hasLocal) {
      const local = lists.find((l) => l.kind === 'ollama' && enabled.has(l.provider) && l.models.length > 0)
      if (local) refs = unique([...refs, local.models[0]!.ref])
    }
    if (refs.length === 0) {
      const first = lists.find((l) => l.models.length > 0)?.models[0]
      if (first) refs = [first.ref]
    }
  }
  if (refs.length === 0) throw new WorkbenchError('no_model', NO_MODEL)
  return refs.map(splitModelRef)
}

function unique(refs: string[]): string[] {
  return [...new Set(refs)]
}
