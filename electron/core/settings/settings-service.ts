import { describeIssues } from '../../../shared/describe-issues'
import { WorkbenchError } from '../../../shared/errors'
import { DEFAULT_SETTINGS, type ProviderConfig, Settings } from '../../../shared/types/settings'
import type { KeyValueRepo } from '../store/types'
import { settingsKeys } from './settings-keys'
import { getByPath, setByPath } from './settings-path'
import { referenceProblems } from './settings-rules'

const KEY = 'settings'

export interface SettingsServiceDeps {
  kv: KeyValueRepo
}

/**
 * Settings live in the database, validated on the way in and on the way out. Depends on nothing
 * but the database, so it is built first; the view with key status is settings-view.ts.
 */
export function createSettingsService({ kv }: SettingsServiceDeps) {
  let listeners: Array<(s: Settings) => void> = []

  // Every provider call reads the settings several times; parse only when the stored text
  // changed (here or in another process), so the hot path pays one indexed read, not a zod parse.
  let cached: { raw: string; settings: Settings } | null = null

  function get(): Settings {
    const raw = kv.getRaw(KEY)
    if (raw === undefined) return DEFAULT_SETTINGS
    if (cached?.raw === raw) return cached.settings
    const stored: unknown = JSON.parse(raw) // the kv table only holds valid JSON (a CHECK constraint)
    const parsed = Settings.safeParse(stored)
    if (parsed.success) {
      cached = { raw, settings: parsed.data }
      return parsed.data
    }
    // A hand-edited or older value must not brick the app: keep it aside, start from defaults,
    // and say so where the logs go.
    const aside = `${KEY}.invalid.${Date.now()}`
    kv.set(aside, stored)
    kv.set(KEY, DEFAULT_SETTINGS)
    console.warn(`[settings] the saved settings could not be read (${describeIssues(parsed.error.issues, stored)}); using the defaults, the old value is kept as "${aside}".`)
    return DEFAULT_SETTINGS
  }

  /**
   * The one gate every door's change goes through: the schema, then the references between
   * settings. Only problems this change introduces are refused, so a database that already
   * holds a bad reference can still be repaired one key at a time.
   */
  function save(next: unknown): Settings {
    const parsed = Settings.safeParse(next)
    if (!parsed.success) {
      throw new WorkbenchError('invalid_settings', `Settings were not saved: ${describeIssues(parsed.error.issues, next)}`)
    }
    const before = new Set(referenceProblems(get()))
    const introduced = referenceProblems(parsed.data).filter((p) => !before.has(p))
    if (introduced.length > 0) throw new WorkbenchError('invalid_settings', `Settings were not saved: ${introduced.join('; ')}.`)
    kv.set(KEY, parsed.data)
    for (const l of listeners) l(parsed.data)
    return parsed.data
  }

  return {
    get,
    setProviders: (providers: ProviderConfig[]) => save({ ...get(), providers }),
    setDefaultModel: (defaultModel: string | null) => save({ ...get(), defaultModel }),
    /** One value by dotted path ("routes.default"); the whole result is validated before saving. */
    set(key: string, value: unknown): Settings {
      const next = setByPath(get(), key, value)
      // The schema drops keys it does not know: saving one would report success and keep nothing.
      const parsed = Settings.safeParse(next)
      if (parsed.success && value !== undefined && getByPath(parsed.data, key) === undefined) throw unknownKey(key)
      return save(next)
    },
    provider: (id: string) => get().providers.find((p) => p.id === id) ?? null,
    /** Called after every successful save, so caches of providers can be dropped. */
    onChange(listener: (s: Settings) => void): () => void {
      listeners.push(listener)
      return () => (listeners = listeners.filter((l) => l !== listener))
    }
  }
}

export type SettingsService = ReturnType<typeof createSettingsService>

/** Refuses a key the settings do not have, listing the ones they do. */
export function unknownKey(key: string): WorkbenchError {
  return new WorkbenchError('unknown_setting', `"${key}" is not a setting. Settings: ${settingsKeys().join(', ')}.`)
}
