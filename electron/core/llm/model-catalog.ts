import { toErrorData } from '../../../shared/errors'
import type { ProviderModels } from '../../../shared/types/domain'
import { isChatModel } from './chat-models'
import type { ChatProvider } from './types'

export interface ModelCatalogOptions {
  /** The providers to list, read on every call so settings changes show up. */
  providers: () => readonly ChatProvider[]
  /** How long a provider's model list is reused. */
  ttlMs?: number
  /** Failures are kept briefly only: the user may be starting Ollama right now. */
  errorTtlMs?: number
  /** A provider that has not answered by then is reported as timed out, so one dead host cannot stall the picker. */
  listTimeoutMs?: number
  now?: () => number
}

/** The models of every configured provider, for the picker; one provider's failure never hides the others. */
export interface ModelCatalog {
  /** Lists in parallel, in the given order; `refresh` skips the cache; `providers` lists only those ids. Never rejects. */
  list(options?: { refresh?: boolean; providers?: readonly string[] }): Promise<ProviderModels[]>
  /** Forgets one provider's list, or all of them. */
  invalidate(providerId?: string): void
}

interface Entry {
  /** The instance that produced the list: a rebuilt provider (new base URL) is a cache miss. */
  provider: ChatProvider
  /** Infinity while the request is in flight, so concurrent callers share it. */
  expiresAt: number
  result: Promise<ProviderModels>
}

/** Creates a catalog with a short per-provider TTL cache and in-flight sharing. */
export function createModelCatalog(options: ModelCatalogOptions): ModelCatalog {
  const ttlMs = options.ttlMs ?? 60_000
  const errorTtlMs = options.errorTtlMs ?? 5_000
  const listTimeoutMs = options.listTimeoutMs ?? 10_000
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry>()

  function load(provider: ChatProvider): Promise<ProviderModels> {
    const entry: Entry = { provider, expiresAt: Number.POSITIVE_INFINITY, result: fetchModels(provider, listTimeoutMs) }
    entries.set(provider.id, entry)
    void entry.result.then((models) => {
      entry.expiresAt = now() + (models.error === null ? ttlMs : errorTtlMs)
    })
    return entry.result
  }

  return {
    list({ refresh = false, providers } = {}) {
      return Promise.all(
        options.providers().filter((provider) => !providers || providers.includes(provider.id)).map((provider) => {
          const cached = entries.get(provider.id)
          const fresh = cached !== undefined && cached.provider === provider && now() < cached.expiresAt
          return fresh && !refresh ? cached.result : load(provider)
        })
      )
    },
    invalidate(providerId) {
      if (providerId === undefined) entries.clear()
      else entries.delete(providerId)
    }
  }
}

async function fetchModels(provider: ChatProvider, timeoutMs: number): Promise<ProviderModels> {
  const base = { provider: provider.id, kind: provider.kind }
  try {
    const names = await provider.listModels(AbortSignal.timeout(timeoutMs))
    // Embedding, audio and image models are listed by the providers but cannot answer a chat.
    const models = names.filter(isChatModel).map((model) => ({ ref: `${provider.id}:${model}`, provider: provider.id, model, label: model }))
    return { ...base, models, error: null }
  } catch (err) {
    return { ...base, models: [], error: toErrorData(err) }
  }
}
