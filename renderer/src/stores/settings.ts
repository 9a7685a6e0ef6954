import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ProviderConfig, SettingsView } from '../../../shared/types/settings'
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
  clearError(): void
}

/** Creates the settings slice. */
export function createSettingsStore(client: Client): StoreApi<SettingsState> {
  return createStore<SettingsState>()((set) => {
    /** Runs one settings change; every one of them answers with the new view. */
    async function change(busyKey: string, run: () => Promise<SettingsView>): Promise<boolean> {
      set((s) => ({ busy: { ...s.busy, [busyKey]: true } }))
      try {
        const view = await run()
        set({ view, error: null })
        return true
      } catch (err) {
        set({ error: errorMessage(err) })
        return false
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

      clearError: () => set({ error: null })
    }
  })
}

/** Strips a ProviderView down to the stored config: the input schema is strict. */
function toConfig(p: ProviderConfig): ProviderConfig {
  return { id: p.id, kind: p.kind, label: p.label, baseUrl: p.baseUrl, enabled: p.enabled }
}
