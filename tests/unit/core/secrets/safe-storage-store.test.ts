import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Cipher } from '../../../../electron/core/secrets/cipher'
import { SAFE_STORAGE_FILE, SafeStorageSecretStore } from '../../../../electron/core/secrets/safe-storage-store'
import { aesCipher } from '../../../support/aes-cipher'
import { tempHome } from '../../../support/temp-home'

const KEY = 'sk-proj-safe-storage-test-0123456789abcd'
const homes: Array<ReturnType<typeof tempHome>> = []
afterEach(() => homes.splice(0).forEach((h) => h.remove()))
function dir(): string {
  const home = tempHome('workbench-safe-storage-')
  homes.push(home)
  return home.dir
}

describe('SafeStorageSecretStore', () => {
  it('keeps a key it can read back, and writes only ciphertext to secrets.safe-storage.json', async () => {
    const home = dir()
    const store = new SafeStorageSecretStore(home, aesCipher())
    await store.set('openai', KEY)
    expect(await store.get('openai')).toBe(KEY)

    const raw = readFileSync(join(home, SAFE_STORAGE_FILE))
    const text = raw.toString('utf8')
    expect(text).not.toContain(KEY)
    // Nor any recognisable piece of it, nor its base64 or hex forms.
    expect(text).not.toContain(KEY.slice(-12))
    expect(text).not.toContain(Buffer.from(KEY).toString('base64').slice(0, 16))
    expect(text).not.toContain(Buffer.from(KEY).toString('hex').slice(0, 16))
    const file = JSON.parse(text) as { version: number; keys: Record<string, string> }
    expect(Object.keys(file.keys)).toEqual(['openai'])
    expect(Buffer.from(file.keys.openai!, 'base64').includes(Buffer.from(KEY))).toBe(false)
  })

  it('writes the file readable by the user only and leaves no temp file behind', async () => {
    const home = dir()
    const store = new SafeStorageSecretStore(home, aesCipher())
    await store.set('openai', KEY)
    await store.set('anthropic', 'sk-ant-safe-storage-0000000000001')
    expect(statSync(join(home, SAFE_STORAGE_FILE)).mode & 0o777).toBe(0o600)
    expect(readdirSync(home)).toEqual([SAFE_STORAGE_FILE])
  })

  it('keeps every key when several are set at once', async () => {
    const store = new SafeStorageSecretStore(dir(), aesCipher())
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id, i) => store.set(id, `sk-concurrent-key-${i}-000000000000`)))
    for (const [i, id] of ['a', 'b', 'c', 'd', 'e'].entries()) expect(await store.get(id)).toBe(`sk-concurrent-key-${i}-000000000000`)
  })

  it('replaces and deletes keys, and answers null for one never stored', async () => {
    const store = new SafeStorageSecretStore(dir(), aesCipher())
    expect(await store.get('openai')).toBeNull()
    await store.set('openai', KEY)
    await store.set('openai', 'sk-proj-rotated-key-000000000000009')
    expect(await store.get('openai')).toBe('sk-proj-rotated-key-000000000000009')
    expect(await store.delete('openai')).toBe(true)
    expect(await store.get('openai')).toBeNull()
    expect(await store.delete('openai')).toBe(false)
  })

  it('refuses to write when the cipher is not OS-backed, and writes nothing', async () => {
    const home = dir()
    const reason = "Electron's safeStorage has no keyring to protect its key (backend \"basic_text\")."
    const store = new SafeStorageSecretStore(home, aesCipher({ available: false, reason }))
    expect(await store.probe()).toEqual({ ok: false, reason })
    await expect(store.set('openai', KEY)).rejects.toMatchObject({ code: 'safe_storage_unavailable', message: reason })
    expect(existsSync(join(home, SAFE_STORAGE_FILE))).toBe(false)
  })

  it('refuses a cipher that hands the key back unencrypted', async () => {
    const home = dir()
    const passThrough: Cipher = {
      status: async () => ({ available: true, backend: 'broken' }),
      encrypt: async (plaintext) => Buffer.from(`v10${plaintext}`).toString('base64'),
      decrypt: async (ciphertext) => Buffer.from(ciphertext, 'base64').toString().slice(3)
    }
    const store = new SafeStorageSecretStore(home, passThrough)
    await expect(store.set('openai', KEY)).rejects.toMatchObject({ code: 'safe_storage_failed' })
    expect(existsSync(join(home, SAFE_STORAGE_FILE))).toBe(false)
  })

  it('says a key encrypted under another OS key must be set again, without quoting anything', async () => {
    const home = dir()
    await new SafeStorageSecretStore(home, aesCipher()).set('openai', KEY)
    // A new AES key: the same file read on another machine or after the keyring was reset.
    const other = new SafeStorageSecretStore(home, aesCipher())
    await expect(other.get('openai')).rejects.toMatchObject({ code: 'safe_storage_failed', message: expect.stringContaining('set it again') })
  })

  it('reports a damaged file instead of treating it as empty and overwriting it', async () => {
    const home = dir()
    writeFileSync(join(home, SAFE_STORAGE_FILE), '{"version":1,"keys":{"openai":"not base64!"}}')
    const store = new SafeStorageSecretStore(home, aesCipher())
    await expect(store.get('openai')).rejects.toMatchObject({ code: 'safe_storage_failed', message: expect.stringContaining('damaged') })
    await expect(store.set('anthropic', KEY)).rejects.toMatchObject({ code: 'safe_storage_failed' })
    expect(readFileSync(join(home, SAFE_STORAGE_FILE), 'utf8')).toContain('not base64!')
  })
})
