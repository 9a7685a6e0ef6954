import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ProviderConfig, ProviderLimits, SettingsView } from '../../../shared/types/settings'
import { errorMessage, type Client } from '../api/client'

/** The outcome of the last key test per provider. */
export type KeyTest = { state: 'testing' } | { state: 'done'; ok: boolean; message: string }

/** Settings as the core reports them (never including a key), and the actions that change them. */
export interface SettingsState {
  view: SettingsView | null
  error: string | null
  /** Provider ids with a request in flight, to disable their buttons. */
  busy: Record<string, boolean>
  keyTests: Record<string, KeyTest>
  load(): Promise<void>
  saveProviders(providers: ProviderConfig[]): Promise<boolean>
  setDefaultModel(ref: string | null): Promise<boolean>
  setKey(provider: string, key: string): Promise<boolean>
  removeKey(provider: string): Promise<boolean>
  testKey(provider: string): Promise<void>
  /** Asks the core to let a held-back key go to the provider's new server; only the app's native dialog can say yes. */
  confirmKeyHost(provider: string): Promise<boolean>
  /** Sets one value by dotted path ("routes.fast", "timeouts"); resolves with the core's refusal, or null. */
  setValue(key: string, value: unknown): Promise<string | null>
  /** Replaces one provider's client-side limits; resolves with the core's refusal, or null. */
  saveLimits(provider: string, limits: ProviderLimits): Promise<string | null>
  clearError(): void
}

/** Creates the settings slice. */
export function createSettingsStore(client: Client): StoreApi<SettingsState> {
  return createStore<SettingsState>()((set, get) => {
    /** Runs one settings change; every one of them answers with the new view. */
    async function change(busyKey: string, run: () => Promise<SettingsView>): Promise<boolean> {
      const refused = await attempt(busyKey, run)
      if (refused) set({ error: refused })
      return refused === null
    }

    /** Like change(), but the refusal goes back to the form that asked, to show next to its fields. */
    async function attempt(busyKey: string, run: () => Promise<SettingsView>): Promise<string | null> {
      set((s) => ({ busy: { ...s.busy, [busyKey]: true } }))
      try {
        const view = await run()
        set({ view, error: null })
        return null
      } catch (err) {
        return errorMessage(err)
      } finally {
        set((s) => ({ busy: { ...s.busy, [busyKey]: false } }))
      }
    }

    return {
      view: null,
      error: null,
      busy: {},
      keyTests: {},

      async load() {
        try {
          set({ view: await client.invoke('settings.get', {}), error: null })
        } catch (err) {
          set({ error: errorMessage(err) })
        }
      },

      saveProviders: (providers) =>
        change('providers', () => client.invoke('settings.setProviders', { providers: providers.map(toConfig) })),

      setDefaultModel: (model) => change('defaultModel', () => client.invoke('settings.setDefaultModel', { model })),

      setKey: (provider, key) => change(provider, () => client.invoke('keys.set', { provider, key })),

      removeKey: (provider) => change(provider, () => client.invoke('keys.remove', { provider })),

      confirmKeyHost: (provider) => change(provider, () => client.invoke('keys.confirmHost', { provider })),

      async testKey(provider) {
        set((s) => ({ keyTests: { ...s.keyTests, [provider]: { state: 'testing' } } }))
        let result: KeyTest
        try {
          const r = await client.invoke('keys.test', { provider })
          result = { state: 'done', ok: r.ok, message: r.message }
        } catch (err) {
          result = { state: 'done', ok: false, message: errorMessage(err) }
        }
        set((s) => ({ keyTests: { ...s.keyTests, [provider]: result } }))
      },

      setValue: (key, value) => attempt(key, () => client.invoke('settings.set', { key, value })),

      saveLimits(provider, limits) {
        const providers = get().view?.providers ?? []
        return attempt(`limits:${provider}`, () =>
          client.invoke('settings.setProviders', { providers: providers.map((p) => toConfig(p.id === provider ? { ...p, limits } : p)) })
        )
      },

      clearError: () => set({ error: null })
    }
  })
}

/** Strips a ProviderView down to the stored config: the input schema is strict. Limits must travel too, or a save resets them. */
function toConfig(p: ProviderConfig): ProviderConfig {
  return { id: p.id, kind: p.kind, label: p.label, baseUrl: p.baseUrl, enabled: p.enabled, limits: p.limits }
}
