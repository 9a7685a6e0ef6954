import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isMainThread } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeyringSecretStore } from '../../../../electron/core/secrets/keyring-store'
import { NO_SECRET_SERVICE_REASON } from '../../../../electron/core/secrets/keyring-errors'

// Point the real binding at a session bus that does not exist. The binding reads these variables
// from the process environment, which a test changes only when it runs in a forked process
// (vitest's default pool), not in a worker thread.
const VARIABLES = ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'] as const
let saved: Partial<Record<(typeof VARIABLES)[number], string>> = {}
let emptyRuntimeDir = ''

beforeAll(() => {
  emptyRuntimeDir = mkdtempSync(join(tmpdir(), 'no-bus-'))
  saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]))
  process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(emptyRuntimeDir, 'no-such-bus')}`
  process.env.XDG_RUNTIME_DIR = emptyRuntimeDir
})

afterAll(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
  rmSync(emptyRuntimeDir, { recursive: true, force: true })
})

describe('keyring store without a Secret Service', () => {
  const store = new KeyringSecretStore({ service: 'llm-workbench-unit-test', timeoutMs: 5_000 })

  it('runs where a changed environment reaches the native binding', () => {
    expect(isMainThread, 'run this file in a forked process (vitest pool "forks")').toBe(true)
  })

  it('says in plain words that no Secret Service was found and what to do', async () => {
    const probe = await store.probe()
    expect(probe).toEqual({ ok: false, reason: NO_SECRET_SERVICE_REASON })
    if (!probe.ok) {
      expect(probe.reason).toMatch(/GNOME Keyring or KWallet/)
      expect(probe.reason).toMatch(/OPENAI_API_KEY/)
      expect(probe.reason).not.toMatch(/backtrace|Caused by|zbus/i)
    }
  })

  it('refuses to store a key rather than keeping it somewhere else, and never echoes it', async () => {
    const secret = 'sk-unit-test-never-shown-0000'
    const failure = await store.set('openai', secret).then(
      () => null,
      (err: unknown) => err
    )
    expect(failure).toMatchObject({ code: 'keychain_unavailable', message: NO_SECRET_SERVICE_REASON })
    expect(String((failure as Error).stack)).not.toContain(secret)
  })

  it('reports a read as unavailable, not as "no key stored"', async () => {
    await expect(store.get('openai')).rejects.toMatchObject({ code: 'keychain_unavailable' })
    await expect(store.delete('openai')).rejects.toMatchObject({ code: 'keychain_unavailable' })
  })

  it('names itself "keychain" so the UI can say where keys live', () => {
    expect(store.backend).toBe('keychain')
    expect(new KeyringSecretStore().service).toBe('llm-workbench')
  })
})
