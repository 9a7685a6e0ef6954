import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { dispatch } from '../../../../shared/ipc/dispatch'
import type { SettingsView } from '../../../../shared/types/settings'
import { createCore, type Core } from '../../../../electron/core/core'
import { createPortConfirmer, isConfirmRequest, type ConfirmRequest } from '../../../../electron/core/keys/confirm-port'
import { describeOrigin } from '../../../../electron/core/keys/key-bindings'
import { MemorySecretStore } from '../../../../electron/core/secrets/secret-store'
import { tempHome } from '../../../support/temp-home'

const KEY = 'sk-test-binding-0123456789abcdef'
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

function open(dir: string, secrets: MemorySecretStore, env: Record<string, string> = {}): Core {
  const core = createCore({ home: dir, env, secrets })
  cleanups.push(() => core.close())
  return core
}

async function view(core: Core): Promise<SettingsView> {
  const r = await dispatch(core.handlers, 'settings.get', {})
  if (!r.ok) throw new Error(r.error.message)
  return r.value as SettingsView
}

const holdOf = async (core: Core, id: string) => (await view(core)).providers.find((p) => p.id === id)?.keyHold

describe('key bindings', () => {
  it('binds the keys of a database that predates them to where its settings send them, once, at start', async () => {
    const home = tempHome()
    cleanups.push(() => home.remove())
    const secrets = new MemorySecretStore()
    // A key saved by an older version, for OpenAI's own service.
    await secrets.set('openai', KEY)
    const first = open(join(home.dir, 'data'), secrets)
    expect(await holdOf(first, 'openai')).toBeNull()
    // A provider added later whose id finds a stale key in the keychain: nobody bound it to anything.
    const v = await view(first)
    const added = { id: 'proxy', kind: 'openai-compatible' as const, label: 'Proxy', baseUrl: 'http://127.0.0.1:9/v1', enabled: true }
    await dispatch(first.handlers, 'settings.setProviders', { providers: [...v.settings.providers, added] })
    await secrets.set('proxy', KEY)
    await first.close()
    cleanups.pop()

    // A restart does not adopt it: adoption happens only the first time.
    const second = open(join(home.dir, 'data'), secrets)
    expect(await holdOf(second, 'openai')).toBeNull()
    expect(await holdOf(second, 'proxy')).toEqual({ savedFor: null, sendsTo: 'http://127.0.0.1:9', source: 'keychain', confirmable: false })
  })

  it('shows origins the way a user reads them', () => {
    expect(describeOrigin('https://api.openai.com')).toBe('api.openai.com')
    expect(describeOrigin('https://gw.example:8443')).toBe('https://gw.example:8443')
    expect(describeOrigin('http://127.0.0.1:1234')).toBe('http://127.0.0.1:1234')
  })
})

describe('the confirmer over the parent port', () => {
  it('resolves with the answer to its own question only', async () => {
    const posted: ConfirmRequest[] = []
    const port = createPortConfirmer((r) => posted.push(r))
    const answer = port.confirm({ provider: 'openai', savedFor: 'api.openai.com', sendsTo: 'http://127.0.0.1:9' })
    expect(isConfirmRequest(posted[0])).toBe(true)
    expect(port.receive({ type: 'confirm-key-host-result', id: 999, yes: true })).toBe(false)
    expect(port.receive({ type: 'confirm-key-host-result', id: posted[0]!.id, yes: 'yes' })).toBe(false)
    expect(port.receive({ type: 'confirm-key-host-result', id: posted[0]!.id, yes: true })).toBe(true)
    expect(await answer).toBe(true)
  })

  it('takes silence for a no', async () => {
    vi.useFakeTimers()
    cleanups.push(() => vi.useRealTimers())
    const port = createPortConfirmer(() => {}, 1_000)
    const answer = port.confirm({ provider: 'openai', savedFor: null, sendsTo: 'http://127.0.0.1:9' })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await answer).toBe(false)
  })

  it('recognises only well-formed questions', () => {
    expect(isConfirmRequest({ type: 'confirm-key-host', id: 1, question: { provider: 'openai', savedFor: null, sendsTo: 'x' } })).toBe(true)
    expect(isConfirmRequest({ type: 'confirm-key-host', id: 1, question: { provider: 'openai' } })).toBe(false)
    expect(isConfirmRequest({ type: 'cipher', id: 1 })).toBe(false)
  })
})
