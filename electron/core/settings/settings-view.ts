import type { KeyHold, ProviderConfig, SettingsView } from '../../../shared/types/settings'
import { effectiveBaseUrl } from './env-overrides'
import type { SettingsService } from './settings-service'

/** How the settings view learns about keys without ever holding one. */
export interface KeyStatusSource {
  status(provider: ProviderConfig): Promise<{ source: 'env' | 'keychain' | 'none' | 'not-needed'; hint: string | null; hold: KeyHold | null }>
  keyStore(): Promise<SettingsView['keyStore']>
}

export interface SettingsViewDeps {
  settings: Pick<SettingsService, 'get'>
  env: Record<string, string | undefined>
  dataDir: string
  keys: KeyStatusSource
}

/**
 * The settings as every door shows them: each provider with its effective base URL and where its
 * key comes from. Apart from the settings service because it needs the keys, and the keys need
 * the settings (the key store is one of them): built after both, it closes no cycle.
 */
export function createSettingsView({ settings, env, dataDir, keys }: SettingsViewDeps): () => Promise<SettingsView> {
  return async () => {
    const current = settings.get()
    const providers = await Promise.all(
      current.providers.map(async (p) => {
        const base = effectiveBaseUrl(p, env)
        const key = await keys.status(p)
        return { ...p, effectiveBaseUrl: base.url, baseUrlSource: base.source, keySource: key.source, keyHint: key.hint, keyHold: key.hold }
      })
    )
    return { settings: current, providers, dataDir, keyStore: await keys.keyStore() }
  }
}
