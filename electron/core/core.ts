import type { Handlers } from '../../shared/ipc/contract'
import { createChatService } from './chat/chat-service'
import { EventBus } from './events/event-bus'
import { createHandlers } from './handlers'
import { createKeyService } from './keys/key-service'
import { createResilience, type ResilienceOptions } from './llm/create-resilience'
import { createModelCatalog } from './llm/model-catalog'
import { createProviderRegistry, type ProviderRegistry } from './llm/provider-registry'
import { databasePath } from './paths'
import type { Cipher } from './secrets/cipher'
import { SafeStorageSecretStore } from './secrets/safe-storage-store'
import type { Scrubber } from './secrets/scrub'
import type { SecretStore } from './secrets/secret-store'
import { createSelectedSecretStore } from './secrets/selected-store'
import { createSettingsService } from './settings/settings-service'
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
  now?: () => number
  modelListTtlMs?: number
  /** Retry, breaker and offline knobs, for tests and benchmarks; the app uses the defaults. */
  resilience?: ResilienceOptions
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

  const events = new EventBus()
  let providers: ProviderRegistry | null = null
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
    providers: () => providers!,
    ...(options.scrubber ? { scrubber: options.scrubber } : {})
  })
  const settings = createSettingsService({ kv: store.kv, env: options.env, dataDir: options.home, keys })
  providers = createProviderRegistry(settings, options.env, (p) => keys.read(p))
  const registry = providers
  const models = createModelCatalog({ providers: () => registry.list(), now, ...(options.modelListTtlMs !== undefined ? { ttlMs: options.modelListTtlMs } : {}) })
  settings.onChange(() => models.invalidate())
  const resilience = createResilience({ store, settings, providers: registry, env: options.env, now }, options.resilience)
  const chat = createChatService({
    store,
    events,
    client: resilience.client,
    settings: () => settings.get(),
    listModels: () => models.list({ refresh: false }),
    owner: currentProcessOwner(),
    now
  })

  return {
    handlers: createHandlers({ store, events, chat, settings, models, keys, health: resilience.health, now }),
    events,
    settled: (id) => chat.settled(id),
    async close() {
      await chat.close()
      store.close()
    }
  }
}
