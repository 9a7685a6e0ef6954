import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { Cipher } from '../../electron/core/secrets/cipher'
import type { SafeStorageLike } from '../../electron/main/safe-storage-cipher'

/**
 * Real encryption for tests of safeStorage's callers: AES-256-GCM with a random per-instance key,
 * laid out as safeStorage's is (a version prefix, then the ciphertext). Not an identity function,
 * so a test that finds no key on disk proves something.
 */
export function aesSafeStorage(options: { backend?: string; available?: boolean } = {}): SafeStorageLike & { calls: string[] } {
  const key = randomBytes(32)
  const calls: string[] = []
  return {
    calls,
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(plainText) {
      calls.push('encrypt')
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body])
    },
    decryptString(encrypted) {
      calls.push('decrypt')
      if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(3, 15))
      decipher.setAuthTag(encrypted.subarray(15, 31))
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8')
    }
  }
}

/** The same AES as a core Cipher, for tests that do not go through the main process's wrapper. */
export function aesCipher(status: Awaited<ReturnType<Cipher['status']>> = { available: true, backend: 'gnome_libsecret' }): Cipher {
  const aes = aesSafeStorage()
  return {
    status: async () => status,
    encrypt: async (plaintext) => aes.encryptString(plaintext).toString('base64'),
    decrypt: async (ciphertext) => aes.decryptString(Buffer.from(ciphertext, 'base64'))
  }
}
