import type { Handlers } from '../../shared/ipc/contract'
import { assertEvent, checkedHandlers } from '../../shared/ipc/contract-check'
import { createChatService } from './chat/chat-service'
import { EventBus } from './events/event-bus'
import { createHandlers } from './handlers'
import { createKeyBindings } from './keys/key-bindings'
import { createKeyService, type KeyHostConfirmer } from './keys/key-service'
import { createKeyTest } from './keys/key-test'
import { createResilience, type ResilienceOptions } from './llm/create-resilience'
import { createModelCatalog } from './llm/model-catalog'
import { createProviderRegistry } from './llm/provider-registry'
import { databasePath } from './paths'
import type { Cipher } from './secrets/cipher'
import { SafeStorageSecretStore } from './secrets/safe-storage-store'
import type { Scrubber } from './secrets/scrub'
import type { SecretStore } from './secrets/secret-store'
import { createSelectedSecretStore } from './secrets/selected-store'
import { createSettingsService } from './settings/settings-service'
import { createSettingsView } from './settings/settings-view'
import { createStore } from './store/create-store'
import { currentProcessOwner, isProcessAlive } from './store/process-liveness'

export interface CoreOptions {
  /** The data directory: WORKBENCH_HOME, Electron's userData, or the same folder for the CLI. */
  home: string
  /** Environment overrides (OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_*, OLLAMA_HOST). */
  env: Record<string, string | undefined>
  /** The keychain store (a memory store in tests). */
  secrets: SecretStore
  /** Electron's safeStorage through the main process: only the desktop app has one to offer. */
  cipher?: Cipher
  /** Path to a better-sqlite3 .node built for the running ABI (Electron's), when not Node's own. */
  sqliteBinding?: string
  /** Learns every key the core reads, so logs and error messages can redact it. */
  scrubber?: Scrubber
  /**
   * How this door asks its user, outside any page, to let a stored key go to a new server: the
   * app's native dialog. `workbench serve` has none, so over its socket only re-entering the key works.
   */
  confirmKeyHost?: KeyHostConfirmer
  now?: () => number
  modelListTtlMs?: number
  /** Retry, breaker and offline knobs, for tests and benchmarks; the app uses the defaults. */
  resilience?: ResilienceOptions
  /**
   * Parse every handler result and emitted event against the contract (contract-check.ts).
   * Defaults to on when NODE_ENV is 'test' or 'development' in `env`, off in a shipped app.
   */
  checkContract?: boolean
}

export interface Core {
  readonly handlers: Handlers
  readonly events: import('./events/event-bus').EventBus
  /** Resolves when the answer streaming into this message has been stored. */
  settled(messageId: string): Promise<void>
  /** Stops every answer (kept as partial), then closes the database. */
  close(): Promise<void>
}

/**
 * The composition root of the core: every door (Electron, `workbench serve`, the CLI) builds
 * exactly this and talks to it only through `handlers` and `events`.
 */
export function createCore(options: CoreOptions): Core {
  const now = options.now ?? Date.now
  const store = createStore(databasePath(options.home), options.sqliteBinding ? { nativeBinding: options.sqliteBinding } : {})
  // An answer left 'streaming' belongs to a process that died: keep its text as partial.
  store.messages.recoverInterrupted(now(), isProcessAlive)

  const checkContract = options.checkContract ?? contractChecksWanted(options.env)
  const events = new EventBus(checkContract ? assertEvent : undefined)
  // Built in dependency order, each from what is above it: settings need only the database; the
  // key store is one of the settings; the adapters read keys; testing a key and showing the
  // settings with their key status need both, so they are built last (key-test.ts, settings-view.ts).
  const settings = createSettingsService({ kv: store.kv })
  // Keys go to the backend the settings name; safeStorage exists only when the app lent a cipher.
  const secrets = createSelectedSecretStore({
    keychain: options.secrets,
    safeStorage: options.cipher ? new SafeStorageSecretStore(options.home, options.cipher) : null,
    selected: () => settings.get().keyBackend
  })
  const keys = createKeyService({
    secrets,
    backends: secrets,
    env: options.env,
    bindings: createKeyBindings(store.kv),
    ...(options.scrubber ? { scrubber: options.scrubber } : {}),
    ...(options.confirmKeyHost ? { confirmHost: options.confirmKeyHost } : {})
  })
  // At start, before any door can change a base URL: keys saved before keys were bound stay with their server.
  keys.adoptExistingBindings(settings.get().providers)
  const providers = createProviderRegistry(settings, options.env, (p) => keys.read(p))
  const testKey = createKeyTest({ providers, ...(options.scrubber ? { scrubber: options.scrubber } : {}) })
  const view = createSettingsView({ settings, env: options.env, dataDir: options.home, keys })
  const models = createModelCatalog({ providers: () => providers.list(), now, ...(options.modelListTtlMs !== undefined ? { ttlMs: options.modelListTtlMs } : {}) })
  settings.onChange(() => models.invalidate())
  const resilience = createResilience({ store, settings, providers, env: options.env, now }, options.resilience)
  const chat = createChatService({
    store,
    events,
    client: resilience.client,
    settings: () => settings.get(),
    listModels: (only) => models.list({ refresh: false, ...(only ? { providers: only } : {}) }),
    owner: currentProcessOwner(),
    now
  })

  const handlers = createHandlers({ store, events, chat, settings, view, models, keys, testKey, health: resilience.health, now })
  return {
    handlers: checkContract ? checkedHandlers(handlers) : handlers,
    events,
    settled: (id) => chat.settled(id),
    async close() {
      await chat.close()
      store.close()
    }
  }
}

/** Tests and development builds check the contract; a shipped app does not pay for it. */
function contractChecksWanted(env: Record<string, string | undefined>): boolean {
  return env.NODE_ENV === 'test' || env.NODE_ENV === 'development'
}
