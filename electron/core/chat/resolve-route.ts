import { WorkbenchError } from '../../../shared/errors'
import { splitModelRef, type ProviderModels } from '../../../shared/types/domain'
import { DEFAULT_ROUTE, type ProviderConfig, type Settings } from '../../../shared/types/settings'
import type { Target } from '../llm/policies/policy'
import { modelOffered } from './model-offered'

export interface RouteRequest {
  model?: string
  route?: string
}

/** The model lists of the given providers (all enabled ones when omitted); never rejects. */
export type ListModels = (providers?: readonly string[]) => Promise<ProviderModels[]>

const NO_MODEL =
  'No model is available yet. For offline chat start Ollama (`ollama serve`, then `ollama pull llama3.2`); ' +
  'for cloud models set OPENAI_API_KEY or ANTHROPIC_API_KEY, or add a key in Settings.'

// Lists are exact for these kinds; an OpenAI-compatible server's list is often partial (proxies,
// Azure deployments), so a model it does not list is left for the server itself to refuse.
const LISTS_ARE_COMPLETE = new Set<ProviderConfig['kind']>(['openai', 'anthropic', 'ollama'])

/**
 * The targets to try, in order. A named route is used as written. Otherwise the default route:
 * the default model, then routes.default, with the picked model moved to the front and a local
 * Ollama model appended whenever one is installed, so the last tier works offline. With nothing
 * configured, the first model any working provider offers. Targets on a disabled provider are
 * left out. Everything is checked here, before a message is stored: a picked model must exist
 * (when its provider's list says so) and every target must name a configured provider.
 */
export async function resolveRoute(request: RouteRequest, settings: Settings, listModels: ListModels): Promise<Target[]> {
  const providers = new Map(settings.providers.map((p) => [p.id, p]))
  if (request.model) await checkPicked(request.model, providers, listModels)

  if (request.route && request.route !== DEFAULT_ROUTE) {
    const named = settings.routes[request.route]
    if (!named) throw new WorkbenchError('unknown_route', `There is no route "${request.route}". Routes: ${Object.keys(settings.routes).join(', ') || 'none yet'}.`)
    if (named.length === 0 && !request.model) throw new WorkbenchError('empty_route', `The route "${request.route}" has no targets.`)
    const targets = unique([...(request.model ? [request.model] : []), ...enabledOnly(named, `The route "${request.route}"`, providers)])
    if (targets.length === 0) {
      throw new WorkbenchError('route_disabled', `Every target of the route "${request.route}" is on a disabled provider. Enable one in Settings, or pick another route.`)
    }
    return targets.map(splitModelRef)
  }

  const base = [
    ...(settings.defaultModel ? enabledOnly([settings.defaultModel], 'The default model', providers) : []),
    ...enabledOnly(settings.routes[DEFAULT_ROUTE] ?? [], `The route "${DEFAULT_ROUTE}"`, providers)
  ]
  let refs = unique(request.model ? [request.model, ...base] : base)
  const hasLocal = refs.some((r) => providers.get(splitModelRef(r).provider)?.kind === 'ollama')
  if (!hasLocal || refs.length === 0) {
    const lists = await listModels()
    if (!hasLocal) {
      const local = lists.find((l) => l.kind === 'ollama' && providers.get(l.provider)?.enabled && l.models.length > 0)
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

/**
 * The default model, the same in every door: the first target of the default route for a
 * message with no model picked. That is settings.defaultModel when set; else the first target
 * of routes.default; else the first installed local (Ollama) model, so nothing leaves the
 * machine until a cloud model is chosen; else the first model any provider offers. null when
 * no model is available at all.
 */
export async function defaultModel(settings: Settings, listModels: ListModels): Promise<string | null> {
  try {
    const [first] = await resolveRoute({}, settings, listModels)
    return first ? `${first.provider}:${first.model}` : null
  } catch (err) {
    if (err instanceof WorkbenchError && err.code === 'no_model') return null
    throw err
  }
}

/** A picked model must name a configured, enabled provider that offers it (when its list is known). */
async function checkPicked(ref: string, providers: ReadonlyMap<string, ProviderConfig>, listModels: ListModels): Promise<void> {
  const { provider, model } = splitModelRef(ref)
  const config = providers.get(provider)
  if (!config) {
    throw new WorkbenchError('unknown_provider', `There is no provider "${provider}" (${configured(providers)}). A model is named provider:model, e.g. ollama:llama3.2.`)
  }
  if (!config.enabled) throw new WorkbenchError('provider_disabled', `The provider "${provider}" is disabled. Enable it in Settings, or pick another model.`)
  if (!LISTS_ARE_COMPLETE.has(config.kind)) return
  const list = (await listModels([provider])).find((l) => l.provider === provider)
  // No list (no key yet, not running, offline): the provider itself will say what is wrong.
  if (!list || list.error !== null) return
  const names = list.models.map((m) => m.model)
  if (modelOffered(config.kind, names, model)) return
  const pull = config.kind === 'ollama' ? ` Download it with \`ollama pull ${model}\`, or pick one it has.` : ''
  const offers = names.length ? ` It offers: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, and ${names.length - 12} more` : ''}.` : ' It offers no models yet.'
  throw new WorkbenchError('unknown_model', `${config.label} has no chat model "${model}".${pull}${offers}`)
}

/** The targets whose provider is enabled; a target naming no configured provider is refused. */
function enabledOnly(refs: readonly string[], where: string, providers: ReadonlyMap<string, ProviderConfig>): string[] {
  return refs.filter((ref) => {
    const { provider } = splitModelRef(ref)
    const config = providers.get(provider)
    if (!config) {
      throw new WorkbenchError(
        'unknown_provider',
        `${where} names "${ref}", but there is no provider "${provider}" (${configured(providers)}). Change it in Settings or with \`workbench config set\`.`
      )
    }
    return config.enabled
  })
}

function configured(providers: ReadonlyMap<string, ProviderConfig>): string {
  return providers.size ? `configured: ${[...providers.keys()].join(', ')}` : 'none is configured'
}

function unique(refs: string[]): string[] {
  return [...new Set(refs)]
}
