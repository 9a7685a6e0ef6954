import { describe, expect, it } from 'vitest'
import { createSafeStorageCipher } from '../../../electron/main/safe-storage-cipher'
import { aesSafeStorage } from '../../support/aes-cipher'

const KEY = 'sk-proj-main-process-cipher-0123456789'

describe('safeStorage as the core cipher', () => {
  it('is available with a Linux keyring backend and round-trips a key through real ciphertext', async () => {
    const cipher = createSafeStorageCipher(aesSafeStorage({ backend: 'gnome_libsecret' }), 'linux')
    expect(await cipher.status()).toEqual({ available: true, backend: 'gnome_libsecret' })
    const ciphertext = await cipher.encrypt(KEY)
    expect(Buffer.from(ciphertext, 'base64').includes(Buffer.from(KEY))).toBe(false)
    expect(await cipher.decrypt(ciphertext)).toBe(KEY)
  })

  it.each(['basic_text', 'unknown'])('is not available on Linux with the %s backend, and never encrypts with it', async (backend) => {
    const safeStorage = aesSafeStorage({ backend })
    const cipher = createSafeStorageCipher(safeStorage, 'linux')
    const status = await cipher.status()
    expect(status).toEqual({ available: false, reason: expect.stringContaining(`"${backend}"`) })
    await expect(cipher.encrypt(KEY)).rejects.toMatchObject({ code: 'safe_storage_unavailable' })
    expect(safeStorage.calls).toEqual([])
  })

  it('is not available when Electron reports no encryption, on any platform', async () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const cipher = createSafeStorageCipher(aesSafeStorage({ available: false }), platform)
      expect(await cipher.status()).toMatchObject({ available: false })
    }
  })

  it('trusts macOS and Windows, whose safeStorage key is always OS-protected', async () => {
    expect(await createSafeStorageCipher(aesSafeStorage(), 'darwin').status()).toEqual({ available: true, backend: 'macOS Keychain' })
    expect(await createSafeStorageCipher(aesSafeStorage(), 'win32').status()).toEqual({ available: true, backend: 'Windows DPAPI' })
  })
})
