import { WorkbenchError } from '../../shared/errors'
import type { Cipher, CipherStatus } from '../core/secrets/cipher'

/** The part of Electron's safeStorage we use; a parameter so tests can pass a fake under Node. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  /** Linux only: which secret store holds the encryption key. */
  getSelectedStorageBackend?(): string
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
}

// On Linux, 'basic_text' means "encrypted" with a password hard-coded in Chromium: plain text in
// all but name. 'unknown' means safeStorage has not picked a store (yet): not a promise either.
const NOT_OS_BACKED = new Set(['basic_text', 'unknown'])

/**
 * Electron's safeStorage as the core's Cipher. It reports itself available only when the OS
 * protects the key (Keychain, DPAPI, or on Linux a keyring such as gnome-libsecret or kwallet),
 * and refuses to encrypt otherwise, so a key can never be written obscured-but-readable.
 * Must be used after app 'ready' (safeStorage is not initialised before on Linux).
 */
export function createSafeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): Cipher {
  const status = (): CipherStatus => {
    if (!safeStorage.isEncryptionAvailable()) {
      return { available: false, reason: "Electron's safeStorage has no encryption key from the operating system here." }
    }
    if (platform !== 'linux') return { available: true, backend: platform === 'darwin' ? 'macOS Keychain' : 'Windows DPAPI' }
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown'
    if (NOT_OS_BACKED.has(backend)) {
      return {
        available: false,
        reason: `Electron's safeStorage has no keyring to protect its key (backend "${backend}"), so it would keep keys readable by anyone who can read your files.`
      }
    }
    return { available: true, backend }
  }

  return {
    status: async () => status(),
    async encrypt(plaintext) {
      const now = status()
      if (!now.available) throw new WorkbenchError('safe_storage_unavailable', now.reason)
      return safeStorage.encryptString(plaintext).toString('base64')
    },
    async decrypt(ciphertext) {
      return safeStorage.decryptString(Buffer.from(ciphertext, 'base64'))
    }
  }
}
