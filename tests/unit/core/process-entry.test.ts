import { fork } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCore } from '../../../electron/core/core'
import { type CoreProcessOutbound, type ParentPortLike, runCoreProcess } from '../../../electron/core/process-entry'
import { MemorySecretStore } from '../../../electron/core/secrets/secret-store'

const homes: string[] = []
function tempHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-core-process-'))
  homes.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** The parent side of a port, in memory: what the core posted, and a way to send it messages. */
function parent() {
  const posted: CoreProcessOutbound[] = []
  let deliver: (message: unknown) => void = () => {
    throw new Error('the core process never listened')
  }
  const port: ParentPortLike = { post: (m) => posted.push(m), onMessage: (l) => (deliver = l) }
  const response = (id: number) =>
    vi.waitFor(() => {
      const frame = posted.find((f) => f.type === 'response' && f.id === id)
      if (!frame || frame.type !== 'response') throw new Error(`no response ${id} yet`)
      return frame.result
    })
  return { port, posted, send: (m: unknown) => deliver(m), response }
}

function exitRecorder() {
  let resolveExit!: (code: number) => void
  const exited = new Promise<number>((r) => (resolveExit = r))
  return { exit: (code: number) => resolveExit(code), exited }
}

const memorySecrets = () => new MemorySecretStore()

describe('runCoreProcess with the real core', () => {
  it('announces ready, answers request frames and forwards the events they cause', async () => {
    const p = parent()
    runCoreProcess(p.port, { WORKBENCH_HOME: tempHome() }, { createSecrets: memorySecrets, exit: () => {} })
    expect(p.posted[0]).toEqual({ type: 'ready' })

    p.send({ type: 'request', id: 1, channel: 'conversations.create', payload: { title: 'Hello' } })
    const created = await p.response(1)
    expect(created).toMatchObject({ ok: true, value: { title: 'Hello' } })
    const id = created.ok ? (created.value as { id: string }).id : ''
    expect(p.posted).toContainEqual({ type: 'event', name: 'conversations.changed', payload: { conversationId: id } })

    p.send({ type: 'request', id: 2, channel: 'conversations.list', payload: {} })
    expect(await p.response(2)).toMatchObject({ ok: true, value: [{ id, title: 'Hello' }] })
  })

  it('answers a malformed frame or an unknown channel with an error instead of crashing', async () => {
    const p = parent()
    runCoreProcess(p.port, { WORKBENCH_HOME: tempHome() }, { createSecrets: memorySecrets, exit: () => {} })
    p.send({ type: 'request', id: 7, channel: 'fs.readFile', payload: {} })
    expect(await p.response(7)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    p.send({ type: 'nonsense', id: 8 })
    expect(await p.response(8)).toMatchObject({ ok: false, error: { code: 'invalid_frame' } })
  })

  it('closes the core and exits 0 on shutdown, and refuses requests that arrive after it', async () => {
    const p = parent()
    const { exit, exited } = exitRecorder()
    const home = tempHome()
    runCoreProcess(p.port, { WORKBENCH_HOME: home }, { createSecrets: memorySecrets, exit })
    p.send({ type: 'shutdown' })
    p.send({ type: 'request', id: 3, channel: 'conversations.list', payload: {} })
    expect(await exited).toBe(0)
    expect(await p.response(3)).toMatchObject({ ok: false, error: { code: 'core_shutting_down' } })
    // The database was closed: a second core can open the same home and sees no leftovers.
    const again = createCore({ home, env: {}, secrets: new MemorySecretStore() })
    await expect(again.handlers['conversations.list']({})).resolves.toEqual([])
    await again.close()
  })
})

describe('runCoreProcess when the core cannot start', () => {
  it('reports a missing WORKBENCH_HOME as fatal and exits 1', async () => {
    const p = parent()
    const { exit, exited } = exitRecorder()
    const logged: string[] = []
    runCoreProcess(p.port, {}, { createSecrets: memorySecrets, exit, logError: (l) => logged.push(l) })
    expect(await exited).toBe(1)
    expect(p.posted).toEqual([{ type: 'fatal', error: expect.objectContaining({ code: 'no_home', retryable: false }) }])
    expect(logged.join('\n')).toContain('WORKBENCH_HOME')
  })

  it('keeps keys the core has read out of the fatal message and the log', async () => {
    const p = parent()
    const { exit, exited } = exitRecorder()
    const logged: string[] = []
    const secret = 'my-private-ollama-token-1234'
    runCoreProcess(p.port, { WORKBENCH_HOME: tempHome() }, {
      createSecrets: memorySecrets,
      exit,
      logError: (l) => logged.push(l),
      createCore: (options) => {
        options.scrubber?.register(secret)
        throw new Error(`provider rejected ${secret} and sk-proj-abcdefghijklmnopqrstuvwx`)
      }
    })
    expect(await exited).toBe(1)
    const fatal = p.posted[0]
    expect(fatal).toMatchObject({ type: 'fatal', error: { code: 'core_start_failed' } })
    const everything = JSON.stringify(p.posted) + logged.join('\n')
    expect(everything).toContain('provider rejected')
    expect(everything).not.toContain(secret)
    expect(everything).not.toContain('abcdefghijklmnop')
  })

  it('hands WORKBENCH_SQLITE_BINDING to the core as the SQLite binary to load', async () => {
    const p = parent()
    const { exit, exited } = exitRecorder()
    runCoreProcess(p.port, { WORKBENCH_HOME: tempHome(), WORKBENCH_SQLITE_BINDING: '/nowhere/better_sqlite3-45.0.0.node' }, { createSecrets: memorySecrets, exit, logError: () => {} })
    // The real core tries to load exactly that file, and the failure names it.
    expect(await exited).toBe(1)
    expect(p.posted[0]).toMatchObject({ type: 'fatal', error: { message: expect.stringContaining('/nowhere/better_sqlite3-45.0.0.node') } })
  })
})

const builtEntry = resolve(__dirname, '../../../out/main/core-process.js')
const built = existsSync(builtEntry)
if (!built) console.warn(`[process-entry.test] ${builtEntry} is missing: run npx electron-vite build to include the forked-process tests.`)

describe.skipIf(!built)('the built core-process.js under child_process.fork', () => {
  function start(env: Record<string, string | undefined>) {
    const child = fork(builtEntry, [], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    const messages: CoreProcessOutbound[] = []
    child.on('message', (m) => messages.push(m as CoreProcessOutbound))
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
    const waitFor = (match: (m: CoreProcessOutbound) => boolean) =>
      vi.waitFor(
        () => {
          const found = messages.find(match)
          if (!found) throw new Error('not yet')
          return found
        },
        { timeout: 10_000, interval: 20 }
      )
    return { child, messages, exited, waitFor }
  }

  it('answers a request frame and exits cleanly on shutdown', async () => {
    const core = start({ WORKBENCH_HOME: tempHome() })
    await core.waitFor((m) => m.type === 'ready')
    core.child.send({ type: 'request', id: 1, channel: 'conversations.create', payload: { title: 'Over a port' } })
    const response = await core.waitFor((m) => m.type === 'response' && m.id === 1)
    expect(response).toMatchObject({ result: { ok: true, value: { title: 'Over a port' } } })
    core.child.send({ type: 'shutdown' })
    expect(await core.exited).toBe(0)
  })

  it('posts fatal and exits 1 without a data directory', async () => {
    const core = start({})
    const fatal = await core.waitFor((m) => m.type === 'fatal')
    expect(fatal).toMatchObject({ error: { code: 'no_home' } })
    expect(await core.exited).toBe(1)
  })
})
