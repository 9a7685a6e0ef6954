import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { WorkbenchError } from '../../../shared/errors'
import type { Cipher } from './cipher'
import type { SecretStore } from './secret-store'

/** The file, in the data directory, that holds the encrypted keys. */
export const SAFE_STORAGE_FILE = 'secrets.safe-storage.json'

const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64')
const SecretsFile = z.object({ version: z.literal(1), keys: z.record(z.string().min(1).max(64), Base64) })
type SecretsFile = z.infer<typeof SecretsFile>

/**
 * A SecretStore for machines without a reachable keychain: each key is encrypted by a Cipher
 * (Electron's safeStorage, whose key the OS protects) and only the base64 ciphertext is written,
 * to `<data dir>/secrets.safe-storage.json`, atomically (temp file + rename) and readable by the
 * user only. It refuses to write when the cipher is not OS-backed: never plain text, not even
 * obscured plain text.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly backend = 'safe-storage'
  readonly path: string
  // Writes are read-modify-write of one file: one at a time, or a concurrent set loses the other.
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    dataDir: string,
    private readonly cipher: Cipher
  ) {
    this.path = join(dataDir, SAFE_STORAGE_FILE)
  }

  async probe(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      const status = await this.cipher.status()
      return status.available ? { ok: true } : { ok: false, reason: status.reason }
    } catch (err) {
      return { ok: false, reason: `Electron's safeStorage did not answer: ${err instanceof Error ? err.message : String(err)}` }
    }
  }

  async get(account: string): Promise<string | null> {
    const ciphertext = (await this.read()).keys[account]
    if (ciphertext === undefined) return null
    try {
      return await this.cipher.decrypt(ciphertext)
    } catch {
      // Another user's or another machine's OS key, or a damaged file: the key is lost, not leaked.
      throw new WorkbenchError('safe_storage_failed', `The stored key for ${account} could not be decrypted on this machine: set it again.`)
    }
  }

  async set(account: string, secret: string): Promise<void> {
    checkAccount(account)
    if (secret.length === 0) throw new WorkbenchError('invalid_key', 'An empty API key cannot be stored.')
    return this.exclusive(async () => {
      const probe = await this.probe()
      if (!probe.ok) throw new WorkbenchError('safe_storage_unavailable', probe.reason)
      const ciphertext = await this.cipher.encrypt(secret)
      // A cipher that passed the key through would put it on disk: refuse rather than trust it.
      if (!Base64.safeParse(ciphertext).success || Buffer.from(ciphertext, 'base64').includes(Buffer.from(secret)) || ciphertext.includes(secret)) {
        throw new WorkbenchError('safe_storage_failed', "Electron's safeStorage returned the key unencrypted; it was not saved.")
      }
      const file = await this.read()
      await this.write({ ...file, keys: { ...file.keys, [account]: ciphertext } })
    })
  }

  async delete(account: string): Promise<boolean> {
    return this.exclusive(async () => {
      const file = await this.read()
      if (!(account in file.keys)) return false
      const keys = { ...file.keys }
      delete keys[account]
      await this.write({ ...file, keys })
      return true
    })
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => {})
    return run
  }

  private async read(): Promise<SecretsFile> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: {} }
      throw new WorkbenchError('safe_storage_failed', `Could not read ${this.path}: ${(err as Error).message}`)
    }
    let parsed: ReturnType<typeof SecretsFile.safeParse>
    try {
      parsed = SecretsFile.safeParse(JSON.parse(text))
    } catch {
      parsed = SecretsFile.safeParse(null)
    }
    if (!parsed.success) {
      throw new WorkbenchError('safe_storage_failed', `${this.path} is damaged: delete it and set your API keys again.`)
    }
    return parsed.data
  }

  private async write(file: SecretsFile): Promise<void> {
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      // 0600 from the first byte ('wx' also refuses to follow a planted symlink), then an atomic
      // rename: a crash leaves either the old file or the new one, never half of one.
      await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx', flush: true })
      await rename(temp, this.path)
    } catch (err) {
      await rm(temp, { force: true })
      throw new WorkbenchError('safe_storage_failed', `Could not save the key to ${this.path}: ${(err as Error).message}`)
    }
  }
}

function checkAccount(account: string): void {
  if (account.length === 0 || account.length > 64) {
    throw new WorkbenchError('invalid_account', 'A key name must be 1 to 64 characters long.')
  }
}
