import type { SecretStore } from './secret-store'
import { keyringTimeout, toKeyringError } from './keyring-errors'
import { WorkbenchError } from '../../../shared/errors'

type KeyringBinding = typeof import('@napi-rs/keyring')

/** The keychain service name the app's keys are kept under; the account is the provider id. */
export const KEYRING_SERVICE = 'llm-workbench'

export interface KeyringStoreOptions {
  /** Keychain service name. Tests pass their own so they never touch a user's real keys. */
  service?: string
  /** Longest wait for a probe, read or delete. A healthy Secret Service answers in milliseconds. */
  timeoutMs?: number
  /** Longest wait for a write, which may show an unlock prompt that a person has to answer. */
  promptTimeoutMs?: number
}

/**
 * A SecretStore in the OS keychain through @napi-rs/keyring: the Secret Service (GNOME Keyring,
 * KWallet) on Linux, Keychain on macOS, Credential Manager on Windows.
 *
 * On Linux the binding quietly falls back to the kernel keyring (lost at logout) when no Secret
 * Service answers, and older versions report a locked keyring as "no such key". So every write,
 * and every read that finds nothing, first asks the Secret Service directly: a key is never kept
 * anywhere the user did not expect, and "locked" or "missing" is never mistaken for "not set".
 */
export class KeyringSecretStore implements SecretStore {
  readonly backend = 'keychain'
  readonly service: string
  private readonly timeoutMs: number
  private readonly promptTimeoutMs: number
  private binding: Promise<KeyringBinding> | null = null

  constructor(options: KeyringStoreOptions = {}) {
    this.service = options.service ?? KEYRING_SERVICE
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.promptTimeoutMs = options.promptTimeoutMs ?? 120_000
  }

  async probe(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      await this.ensureReachable()
      return { ok: true }
    } catch (err) {
      return { ok: false, reason: toKeyringError(err).message }
    }
  }

  async get(account: string): Promise<string | null> {
    checkAccount(account)
    const found = await this.call((k) => new k.AsyncEntry(this.service, account).getPassword(), this.timeoutMs)
    if (typeof found === 'string') return found
    await this.ensureReachable()
    return null
  }

  async set(account: string, secret: string): Promise<void> {
    checkAccount(account)
    if (secret.length === 0) throw new WorkbenchError('invalid_key', 'An empty API key cannot be stored.')
    await this.ensureReachable()
    await this.call((k) => new k.AsyncEntry(this.service, account).setPassword(secret), this.promptTimeoutMs, secret)
  }

  async delete(account: string): Promise<boolean> {
    if ((await this.get(account)) === null) return false
    await this.call((k) => new k.AsyncEntry(this.service, account).deletePassword(), this.timeoutMs)
    // Older bindings answer false instead of throwing when the keyring refuses; look again.
    if ((await this.get(account)) !== null) {
      throw new WorkbenchError('keychain_failed', 'The system keyring did not delete the key; try again.')
    }
    return true
  }

  /** Throws a user-worded WorkbenchError unless the Secret Service answers and is unlocked. */
  private async ensureReachable(): Promise<void> {
    // findCredentials talks to the Secret Service itself (no fallback) and reads this service's
    // items, so it fails on a missing daemon and on a locked keyring alike.
    await this.call((k) => k.findCredentialsAsync(this.service), this.timeoutMs)
  }

  private async call<T>(fn: (k: KeyringBinding) => Promise<T>, timeoutMs: number, secret?: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(keyringTimeout(timeoutMs)), timeoutMs)
    })
    try {
      return await Promise.race([this.load().then(fn), timeout])
    } catch (err) {
      throw toKeyringError(err, secret)
    } finally {
      clearTimeout(timer)
    }
  }

  private load(): Promise<KeyringBinding> {
    // Loaded on first use so a missing native binary shows up as a probe reason, not a crash at startup.
    this.binding ??= import('@napi-rs/keyring').catch(() => {
      throw new WorkbenchError(
        'keychain_unavailable',
        'The keychain module could not be loaded on this system: set the API key in the environment ' +
          '(OPENAI_API_KEY, ANTHROPIC_API_KEY) instead.'
      )
    })
    return this.binding
  }
}

/** The keychain store the app ships with, under the "llm-workbench" service. */
export function createKeyringSecretStore(options: KeyringStoreOptions = {}): SecretStore {
  return new KeyringSecretStore(options)
}

function checkAccount(account: string): void {
  if (account.length === 0 || account.length > 64) {
    throw new WorkbenchError('invalid_account', 'A keychain account must be 1 to 64 characters long.')
  }
}
