import { describe, expect, it } from 'vitest'
import type { KeyBackend } from '../../../../shared/types/settings'
import { SafeStorageSecretStore } from '../../../../electron/core/secrets/safe-storage-store'
import { MemorySecretStore, type SecretStore } from '../../../../electron/core/secrets/secret-store'
import { createSelectedSecretStore } from '../../../../electron/core/secrets/selected-store'
import { aesCipher } from '../../../support/aes-cipher'
import { tempHome } from '../../../support/temp-home'

const NO_KEYCHAIN = 'No Secret Service found: install and unlock GNOME Keyring or KWallet.'

/** A keychain that answers like a Linux box without a Secret Service. */
function missingKeychain(): SecretStore {
  const fail = async (): Promise<never> => {
    throw new Error(NO_KEYCHAIN)
  }
  return { backend: 'keychain', probe: async () => ({ ok: false, reason: NO_KEYCHAIN }), get: fail, set: fail, delete: fail }
}

function setup(options: { keychain: SecretStore; cipher: ReturnType<typeof aesCipher> | null }) {
  const home = tempHome('workbench-selected-store-')
  let selected: KeyBackend = 'keychain'
  const store = createSelectedSecretStore({
    keychain: options.keychain,
    safeStorage: options.cipher ? new SafeStorageSecretStore(home.dir, options.cipher) : null,
    selected: () => selected
  })
  return { store, select: (b: KeyBackend) => (selected = b), remove: home.remove }
}

describe('the key store the settings select', () => {
  it('offers safeStorage only while the keychain cannot be used and the cipher is OS-backed', async () => {
    const withoutKeychain = setup({ keychain: missingKeychain(), cipher: aesCipher() })
    expect(await withoutKeychain.store.alternatives()).toEqual(['safe-storage'])
    const withKeychain = setup({ keychain: new MemorySecretStore(), cipher: aesCipher() })
    expect(await withKeychain.store.alternatives()).toEqual([])
    const basicText = setup({ keychain: missingKeychain(), cipher: aesCipher({ available: false, reason: 'basic_text' }) })
    expect(await basicText.store.alternatives()).toEqual([])
    const cli = setup({ keychain: missingKeychain(), cipher: null })
    expect(await cli.store.alternatives()).toEqual([])
    for (const s of [withoutKeychain, withKeychain, basicText, cli]) s.remove()
  })

  it('sends keys only to the selected backend, never falling back to the other', async () => {
    const keychain = new MemorySecretStore()
    const s = setup({ keychain, cipher: aesCipher() })
    await s.store.set('openai', 'sk-in-the-keychain-000000000001')
    s.select('safe-storage')
    expect(s.store.backend).toBe('safe-storage')
    expect(await s.store.get('openai')).toBeNull()
    await s.store.set('openai', 'sk-in-safe-storage-000000000002')
    expect(await keychain.get('openai')).toBe('sk-in-the-keychain-000000000001')
    s.select('keychain')
    expect(await s.store.get('openai')).toBe('sk-in-the-keychain-000000000001')
    s.remove()
  })

  it('outside the app, a safe-storage choice says that only the desktop app can use it', async () => {
    const s = setup({ keychain: new MemorySecretStore(), cipher: null })
    s.select('safe-storage')
    expect(await s.store.probe()).toEqual({ ok: false, reason: expect.stringContaining('only the desktop app') })
    await expect(s.store.get('openai')).rejects.toMatchObject({ code: 'safe_storage_unavailable' })
    await expect(s.store.check('safe-storage')).rejects.toMatchObject({ code: 'safe_storage_unavailable' })
    await expect(s.store.check('keychain')).resolves.toBeUndefined()
    expect(await s.store.alternatives()).toEqual(['keychain'])
    s.remove()
  })
})
