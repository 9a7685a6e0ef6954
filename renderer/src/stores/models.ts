import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ProviderKind, ProviderModels } from '../../../shared/types/domain'
import { errorMessage, type Client } from '../api/client'

/** The models every provider offers, and the one the next message goes to. */
export interface ModelsState {
  /** null until the first answer. */
  providers: ProviderModels[] | null
  selected: string | null
  /** The core's default model (models.default); chosen automatically until the user picks something else. */
  defaultModel: string | null
  userChose: boolean
  /** The named route the next message takes; '' for the default route. */
  route: string
  loading: boolean
  error: string | null
  /** Providers that had no models and now have some (Ollama started in a terminal), until dismissed. */
  discovered: Discovery[] | null
  refresh(force?: boolean): Promise<void>
  select(ref: string): void
  selectRoute(name: string): void
  dismissDiscovered(): void
}

/** A provider that started offering models on its own. */
export interface Discovery {
  provider: string
  kind: ProviderKind
  count: number
}

/** Creates the models slice. */
export function createModelsStore(client: Client): StoreApi<ModelsState> {
  let seq = 0

  return createStore<ModelsState>()((set, get) => ({
    providers: null,
    selected: null,
    defaultModel: null,
    userChose: false,
    route: '',
    loading: false,
    error: null,
    discovered: null,

    async refresh(force = false) {
      const mine = ++seq
      set({ loading: true })
      try {
        const providers = await client.invoke('models.list', force ? { refresh: true } : {})
        // The core owns the rule for the default (resolve-route.ts), so the window preselects
        // exactly what the CLI would use. Asked after the list, so it sees the same models.
        const defaultModel = await client.invoke('models.default', {}).then(
          (d) => d.model,
          () => null
        )
        if (mine !== seq) return
        const before = get().providers
        set({
          providers,
          defaultModel,
          loading: false,
          error: null,
          selected: choose(providers, { ...get(), defaultModel }),
          discovered: before ? (describeDiscovery(before, providers) ?? get().discovered) : get().discovered
        })
      } catch (err) {
        if (mine === seq) set({ loading: false, error: errorMessage(err) })
      }
    },

    select(ref) {
      set({ selected: ref, userChose: true })
    },

    selectRoute(name) {
      set({ route: name })
    },

    dismissDiscovered() {
      set({ discovered: null })
    }
  }))
}

/** Every model ref on offer, in display order. */
export function allRefs(providers: readonly ProviderModels[]): string[] {
  return providers.flatMap((p) => p.models.map((m) => m.ref))
}

/** The user's pick, else the core's default, even when its provider is down: the core tries it first too. */
function choose(providers: readonly ProviderModels[], s: Pick<ModelsState, 'selected' | 'defaultModel' | 'userChose'>): string | null {
  // A model the user picked stays picked even while its provider is down: switching silently would surprise.
  if (s.userChose && s.selected) return s.selected
  if (s.defaultModel) return s.defaultModel
  // No model at all: keep showing the last one rather than an empty picker.
  return s.selected !== null && allRefs(providers).includes(s.selected) ? s.selected : null
}

function describeDiscovery(before: readonly ProviderModels[], after: readonly ProviderModels[]): Discovery[] | null {
  const had = new Map(before.map((p) => [p.provider, p.models.length]))
  const found = after.filter((p) => p.models.length > 0 && (had.get(p.provider) ?? 0) === 0)
  return found.length ? found.map((p) => ({ provider: p.provider, kind: p.kind, count: p.models.length })) : null
}
