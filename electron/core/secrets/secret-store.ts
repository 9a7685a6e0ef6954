/**
 * Where API keys live. The core reads keys only through this interface; implementations are
 * the OS keychain (keyring-store.ts), Electron's safeStorage (in the app only) and an in-memory
 * store for tests. None of them writes a key to a file in plain text.
 */
export interface SecretStore {
  /** 'keychain', 'safe-storage' or 'memory': shown to the user so they know where keys are. */
  readonly backend: string
  /** Whether the store can be used, and if not, why, in words a user can act on. */
  probe(): Promise<{ ok: true } | { ok: false; reason: string }>
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

/** A store kept in memory: for tests, and for a process that was told to keep no keys. */
export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory'
  private readonly secrets = new Map<string, string>()

  async probe(): Promise<{ ok: true }> {
    return { ok: true }
  }

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret)
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account)
  }
}
