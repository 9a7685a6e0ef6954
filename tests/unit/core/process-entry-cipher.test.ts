import { fork } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SettingsView } from '../../../shared/types/settings'
import { type CoreProcessOutbound, type ParentPortLike, runCoreProcess } from '../../../electron/core/process-entry'
import { createPortCipher } from '../../../electron/core/secrets/cipher-port'
import { SAFE_STORAGE_FILE } from '../../../electron/core/secrets/safe-storage-store'
import type { SecretStore } from '../../../electron/core/secrets/secret-store'
import { relayCipherRequests } from '../../../electron/main/cipher-relay'
import { createSafeStorageCipher } from '../../../electron/main/safe-storage-cipher'
import { aesSafeStorage } from '../../support/aes-cipher'
import { tempHome } from '../../support/temp-home'

const KEY = 'sk-proj-over-the-parent-port-0123456789'
const homes: Array<ReturnType<typeof tempHome>> = []
afterEach(() => homes.splice(0).forEach((h) => h.remove()))
function home(): string {
  const h = tempHome('workbench-core-cipher-')
  homes.push(h)
  return h.dir
}

const NO_KEYCHAIN = 'No Secret Service found: install and unlock GNOME Keyring or KWallet.'
/** The keychain of a Linux box without a Secret Service. */
const missingKeychain = (): SecretStore => {
  const fail = async (): Promise<never> => {
    throw new Error(NO_KEYCHAIN)
  }
  return { backend: 'keychain', probe: async () => ({ ok: false, reason: NO_KEYCHAIN }), get: fail, set: fail, delete: fail }
}

/**
 * The core process on one side of an in-memory port, and on the other side exactly what the
 * Electron main process runs: relayCipherRequests over safeStorage (a fake with real AES).
 */
function coreWithParent(env: Record<string, string>, safeStorage = aesSafeStorage()) {
  const posted: CoreProcessOutbound[] = []
  const parentListeners: Array<(m: unknown) => void> = []
  let toCore: (message: unknown) => void = () => {}
  const port: ParentPortLike = {
    post: (m) => {
      posted.push(m)
      for (const l of parentListeners) l(m)
    },
    onMessage: (l) => (toCore = l)
  }
  relayCipherRequests({ onMessage: (l) => void parentListeners.push(l), postMessage: (m) => toCore(m) }, createSafeStorageCipher(safeStorage, 'linux'))
  runCoreProcess(port, env, { createSecrets: missingKeychain, exit: () => {} })
  let nextId = 1
  const call = async (channel: string, payload: unknown) => {
    const id = nextId++
    toCore({ type: 'request', id, channel, payload })
    return vi.waitFor(() => {
      const frame = posted.find((f) => f.type === 'response' && f.id === id)
      if (!frame || frame.type !== 'response') throw new Error(`no response ${id} yet`)
      return frame.result
    })
  }
  const view = async (channel: string, payload: unknown): Promise<SettingsView> => {
    const result = await call(channel, payload)
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    return result.value as SettingsView
  }
  return { posted, call, view, safeStorage }
}

describe('safeStorage lent to the core process over the parent port', () => {
  it('is offered without a keychain, used only on request, and keeps only ciphertext on disk', async () => {
    const dir = home()
    const p = coreWithParent({ WORKBENCH_HOME: dir, WORKBENCH_SAFE_STORAGE: 'parent' })

    const before = await p.view('settings.get', {})
    expect(before.keyStore).toEqual({ backend: 'keychain', available: false, reason: NO_KEYCHAIN, alternatives: ['safe-storage'] })
    // Offered, not taken: without the user's choice a key still has nowhere to go.
    expect(await p.call('keys.set', { provider: 'openai', key: KEY })).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } })
    expect(p.safeStorage.calls).toEqual([])

    const switched = await p.view('keys.useBackend', { backend: 'safe-storage' })
    expect(switched.keyStore).toMatchObject({ backend: 'safe-storage', available: true, reason: null })
    expect(switched.settings.keyBackend).toBe('safe-storage')

    const saved = await p.view('keys.set', { provider: 'openai', key: KEY })
    expect(saved.providers.find((x) => x.id === 'openai')).toMatchObject({ keySource: 'keychain', keyHint: KEY.slice(-4) })
    expect(p.safeStorage.calls).toContain('encrypt')
    expect(p.safeStorage.calls).toContain('decrypt')

    const file = readFileSync(join(dir, SAFE_STORAGE_FILE), 'utf8')
    expect(file).not.toContain(KEY)
    expect(JSON.parse(file)).toMatchObject({ version: 1, keys: { openai: expect.any(String) } })
    // Only the encrypt request carries the key, and only towards the main process: no answer does.
    const answers = p.posted.filter((m) => m.type !== 'cipher')
    expect(JSON.stringify(answers)).not.toContain(KEY)
  })

  it('is not offered, and refused, when safeStorage would use basic_text', async () => {
    const p = coreWithParent({ WORKBENCH_HOME: home(), WORKBENCH_SAFE_STORAGE: 'parent' }, aesSafeStorage({ backend: 'basic_text' }))
    expect((await p.view('settings.get', {})).keyStore.alternatives).toEqual([])
    const refused = await p.call('keys.useBackend', { backend: 'safe-storage' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'safe_storage_unavailable', message: expect.stringContaining('basic_text') } })
    expect((await p.view('settings.get', {})).settings.keyBackend).toBe('keychain')
  })

  it('is neither offered nor accepted by a core that no Electron parent started', async () => {
    const p = coreWithParent({ WORKBENCH_HOME: home() })
    expect((await p.view('settings.get', {})).keyStore.alternatives).toEqual([])
    expect(await p.call('keys.useBackend', { backend: 'safe-storage' })).toMatchObject({
      ok: false,
      error: { code: 'safe_storage_unavailable', message: expect.stringContaining('only the desktop app') }
    })
    expect(p.posted.some((m) => m.type === 'cipher')).toBe(false)
  })
})

describe('the port cipher on its own', () => {
  it('fails a call the parent never answers instead of hanging', async () => {
    vi.useFakeTimers()
    try {
      const cipher = createPortCipher(() => {}, 5_000)
      const pending = cipher.encrypt(KEY)
      const outcome = expect(pending).rejects.toMatchObject({ code: 'safe_storage_timeout', retryable: true })
      await vi.advanceTimersByTimeAsync(5_001)
      await outcome
    } finally {
      vi.useRealTimers()
    }
  })

  it('ignores replies it did not ask for', () => {
    const cipher = createPortCipher(() => {})
    expect(cipher.receive({ type: 'cipher-result', id: 99, result: { ok: true, value: 'x' } })).toBe(false)
    expect(cipher.receive({ type: 'response', id: 1, result: { ok: true, value: null } })).toBe(false)
  })
})

const builtEntry = resolve(__dirname, '../../../out/main/core-process.js')
const built = existsSync(builtEntry)
if (!built) console.warn(`[process-entry-cipher.test] ${builtEntry} is missing: run npx electron-vite build to include the forked-process test.`)

describe.skipIf(!built)('the built core-process.js asking a Node parent for safeStorage', () => {
  it('encrypts through the parent and survives a restart of the core', async () => {
    const dir = home()
    const safeStorage = aesSafeStorage()
    const cipher = createSafeStorageCipher(safeStorage, 'linux')

    const start = () => {
      // No reachable session bus: this core has no keychain, whatever the machine running the test has.
      const env = { PATH: process.env.PATH, WORKBENCH_HOME: dir, WORKBENCH_SAFE_STORAGE: 'parent', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }
      const child = fork(builtEntry, [], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
      const messages: unknown[] = []
      const listeners: Array<(m: unknown) => void> = [(m) => messages.push(m)]
      child.on('message', (m) => listeners.forEach((l) => l(m)))
      relayCipherRequests({ onMessage: (l) => void listeners.push(l), postMessage: (m) => void child.send(m) }, cipher)
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
      const response = (id: number) =>
        vi.waitFor(
          () => {
            const found = messages.find((m) => (m as { type?: string; id?: number }).type === 'response' && (m as { id: number }).id === id)
            if (!found) throw new Error('not yet')
            return (found as { result: { ok: boolean; value?: SettingsView; error?: { code: string } } }).result
          },
          { timeout: 20_000, interval: 20 }
        )
      return { child, exited, response }
    }

    const first = start()
    first.child.send({ type: 'request', id: 1, channel: 'settings.get', payload: {} })
    expect((await first.response(1)).value?.keyStore).toMatchObject({ backend: 'keychain', available: false, alternatives: ['safe-storage'] })
    first.child.send({ type: 'request', id: 2, channel: 'keys.useBackend', payload: { backend: 'safe-storage' } })
    expect(await first.response(2)).toMatchObject({ ok: true })
    first.child.send({ type: 'request', id: 3, channel: 'keys.set', payload: { provider: 'openai', key: KEY } })
    expect(await first.response(3)).toMatchObject({ ok: true })
    first.child.send({ type: 'shutdown' })
    expect(await first.exited).toBe(0)

    const second = start()
    second.child.send({ type: 'request', id: 1, channel: 'settings.get', payload: {} })
    const view = (await second.response(1)).value!
    expect(view.keyStore).toMatchObject({ backend: 'safe-storage', available: true })
    expect(view.providers.find((x) => x.id === 'openai')).toMatchObject({ keySource: 'keychain', keyHint: KEY.slice(-4) })
    second.child.send({ type: 'shutdown' })
    expect(await second.exited).toBe(0)

    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).includes(Buffer.from(KEY)), name).toBe(false)
  }, 60_000)
})
