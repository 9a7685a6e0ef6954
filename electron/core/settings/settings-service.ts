import { WorkbenchError } from '../../../shared/errors'
import { DEFAULT_SETTINGS, type ProviderConfig, Settings, type SettingsView } from '../../../shared/types/settings'
import type { KeyValueRepo } from '../store/types'
import { effectiveBaseUrl } from './env-overrides'
import { setByPath } from './settings-path'

const KEY = 'settings'

/** How the settings service learns about keys without ever holding one. */
export interface KeyStatusSource {
  status(provider: Pick<ProviderConfig, 'id' | 'kind'>): Promise<{ source: 'env' | 'keychain' | 'none' | 'not-needed'; hint: string | null }>
  keyStore(): Promise<SettingsView['keyStore']>
}

export interface SettingsServiceDeps {
  kv: KeyValueRepo
  env: Record<string, string | undefined>
  dataDir: string
  keys: KeyStatusSource
}

/** Settings live in the database, validated on the way in and on the way out. */
export function createSettingsService({ kv, env, dataDir, keys }: SettingsServiceDeps) {
  let listeners: Array<(s: Settings) => void> = []

  // Every provider call reads the settings several times; parse only when the stored text
  // changed (here or in another process), so the hot path pays one indexed read, not a zod parse.
  let cached: { raw: string; settings: Settings } | null = null

  function get(): Settings {
    const raw = kv.getRaw(KEY)
    if (raw === undefined) return DEFAULT_SETTINGS
    if (cached?.raw === raw) return cached.settings
    const stored: unknown = JSON.parse(raw)
    const parsed = Settings.safeParse(stored)
    if (parsed.success) {
      cached = { raw, settings: parsed.data }
      return parsed.data
    }
    // A hand-edited or older value must not brick the app: keep it aside, start from defaults.
    kv.set(`${KEY}.invalid.${Date.now()}`, stored)
    kv.set(KEY, DEFAULT_SETTINGS)
    return DEFAULT_SETTINGS
  }

  function save(next: unknown): Settings {
    const parsed = Settings.safeParse(next)
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      throw new WorkbenchError('invalid_settings', `Settings were not saved: ${detail}`)
    }
    kv.set(KEY, parsed.data)
    for (const l of listeners) l(parsed.data)
    return parsed.data
  }

  async function view(): Promise<SettingsView> {
    const settings = get()
    const providers = await Promise.all(
      settings.providers.map(async (p) => {
        const base = effectiveBaseUrl(p, env)
        const key = await keys.status(p)
        return { ...p, effectiveBaseUrl: base.url, baseUrlSource: base.source, keySource: key.source, keyHint: key.hint }
      })
    )
    return { settings, providers, dataDir, keyStore: await keys.keyStore() }
  }

  return {
    get,
    view,
    setProviders: (providers: ProviderConfig[]) => save({ ...get(), providers }),
    setDefaultModel: (defaultModel: string | null) => save({ ...get(), defaultModel }),
    /** One value by dotted path ("routes.default"); the whole result is validated before saving. */
    set: (key: string, value: unknown) => save(setByPath(get(), key, value)),
    provider: (id: string) => get().providers.find((p) => p.id === id) ?? null,
    /** Called after every successful save, so caches of providers can be dropped. */
    onChange(listener: (s: Settings) => void): () => void {
      listeners.push(listener)
      return () => (listeners = listeners.filter((l) => l !== listener))
    }
  }
}

export type SettingsService = ReturnType<typeof createSettingsService>
