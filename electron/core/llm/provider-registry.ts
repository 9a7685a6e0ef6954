import { WorkbenchError } from '../../../shared/errors'
import type { ProviderConfig } from '../../../shared/types/settings'
import { effectiveBaseUrl } from '../settings/env-overrides'
import type { SettingsService } from '../settings/settings-service'
import { instrumentFetch } from './policies/attempt-context'
import { createProvider } from './providers/create-provider'
import type { ChatProvider } from './types'

/**
 * Reads a provider's key at request time, so a rotated key is used by the next request. It gets
 * the whole config because a key is handed out only for the server the config names.
 */
export type KeyReader = (provider: ProviderConfig) => Promise<string | null>

/**
 * Builds one adapter per enabled provider from the settings, and rebuilds them when the
 * settings change. Keys are not captured here: adapters ask for them on every call.
 */
export function createProviderRegistry(settings: SettingsService, env: Record<string, string | undefined>, readKey: KeyReader, fetchImpl?: typeof fetch) {
  let cache: Map<string, ChatProvider> | null = null
  settings.onChange(() => (cache = null))

  function all(): Map<string, ChatProvider> {
    if (cache) return cache
    cache = new Map()
    for (const config of settings.get().providers) {
      if (!config.enabled) continue
      cache.set(
        config.id,
        createProvider({
          id: config.id,
          kind: config.kind,
          baseUrl: effectiveBaseUrl(config, env).url,
          apiKey: () => readKey(config),
          // Instrumented so the timeout policy learns when response headers arrive.
          fetch: instrumentFetch(fetchImpl)
        })
      )
    }
    return cache
  }

  return {
    list: (): ChatProvider[] => [...all().values()],
    get(id: string): ChatProvider {
      const provider = all().get(id)
      if (provider) return provider
      const known = settings.provider(id)
      throw new WorkbenchError(
        'unknown_provider',
        known ? `Provider "${id}" is disabled. Enable it in Settings.` : `No provider "${id}" is configured. Add it in Settings.`
      )
    }
  }
}

export type ProviderRegistry = ReturnType<typeof createProviderRegistry>
