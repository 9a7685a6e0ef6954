import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { sessionProtocols } from '../../../shared/ipc/ws-session'
import { createCore, type Core } from '../../../electron/core/core'
import { MemorySecretStore } from '../../../electron/core/secrets/secret-store'
import { startServer, type RunningServer } from '../../../electron/host/serve'
import { tempHome } from '../../support/temp-home'

let home: ReturnType<typeof tempHome>
let core: Core
let server: RunningServer

beforeAll(async () => {
  home = tempHome()
  const renderer = join(home.dir, 'renderer')
  mkdirSync(join(renderer, 'assets'), { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>wb</title>')
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(home.dir, 'secret.txt'), 'outside the renderer')
  mkdirSync(join(home.dir, 'elsewhere'))
  writeFileSync(join(home.dir, 'elsewhere', 'notes.txt'), 'outside the renderer')
  // Links planted in the build: to a file and to a folder outside it, and one that stays inside.
  symlinkSync(join(home.dir, 'secret.txt'), join(renderer, 'leak.txt'))
  symlinkSync(join(home.dir, 'elsewhere'), join(renderer, 'assets', 'linked'))
  symlinkSync(join(renderer, 'assets', 'app.js'), join(renderer, 'inside.js'))
  core = createCore({ home: join(home.dir, 'data'), env: {}, secrets: new MemorySecretStore() })
  server = await startServer({ core, rendererDir: renderer })
})

afterAll(async () => {
  await server?.close()
  await core?.close()
  home?.remove()
})

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** A socket offering `protocols` (the token goes in one of them), as the page's script does. */
function openSocket(protocols: string[], headers: Record<string, string> = {}, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, protocols, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

describe('workbench serve', () => {
  it('binds to loopback only and prints a URL that carries the token in its fragment, which no browser sends', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{32}$`))
    expect(server.url.endsWith(`#token=${server.token}`)).toBe(true)
  })

  it('serves the renderer, which holds no data, without the token, with a strict CSP and never a cookie', async () => {
    const res = await get('/')
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>wb</title>')
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(res.headers['set-cookie']).toBeUndefined()
    const withOldQuery = await get(`/?token=${server.token}`)
    expect(withOldQuery.headers['set-cookie']).toBeUndefined()
    expect((await get('/assets/app.js')).status).toBe(200)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', { host: `evil.example:${server.port}` })).status).toBe(421)
  })

  it('never serves files outside the renderer, nor directory listings', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/', '/assets']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(res.body).not.toContain('outside the renderer')
    }
  })

  it('never follows a symbolic link out of the renderer, to a file or through a folder', async () => {
    for (const path of ['/leak.txt', '/assets/linked/notes.txt']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(res.body, path).not.toContain('outside the renderer')
    }
    // A link that stays inside the build is a file of the build.
    expect((await get('/inside.js')).status).toBe(200)
  })

  it('refuses a WebSocket without the token, like a script that sends no Origin', async () => {
    await expect(openSocket([])).rejects.toThrow('403')
    await expect(openSocket(['workbench.v1'])).rejects.toThrow('403')
  })

  it('accepts the token only as a subprotocol: not wrong, not in the query, not as a cookie or bearer', async () => {
    await expect(openSocket(sessionProtocols('wrong'))).rejects.toThrow('403')
    await expect(openSocket(['workbench.v1'], {}, `?token=${server.token}`)).rejects.toThrow('403')
    await expect(openSocket(['workbench.v1'], { cookie: `workbench_token=${server.token}` })).rejects.toThrow('403')
    await expect(openSocket(['workbench.v1'], { authorization: `Bearer ${server.token}` })).rejects.toThrow('403')
    // Without our protocol beside it, the token alone is not a session of ours.
    await expect(openSocket([`workbench.token.${server.token}`])).rejects.toThrow('403')
  })

  it('refuses the right token from another Origin or through a foreign Host', async () => {
    await expect(openSocket(sessionProtocols(server.token), { origin: 'https://evil.example' })).rejects.toThrow('403')
    await expect(openSocket(sessionProtocols(server.token), { origin: 'http://127.0.0.1:1' })).rejects.toThrow('403')
    await expect(openSocket(sessionProtocols(server.token), { host: `evil.example:${server.port}` })).rejects.toThrow('403')
  })

  it('selects its own protocol, never echoing the one that carries the token', async () => {
    const ws = await openSocket(sessionProtocols(server.token))
    expect(ws.protocol).toBe('workbench.v1')
    ws.close()
  })

  it('answers the contract over the socket and rejects malformed frames with a clear error', async () => {
    const ws = await openSocket(sessionProtocols(server.token), { origin: `http://127.0.0.1:${server.port}` })
    const replies: unknown[] = []
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())))
    const next = () => new Promise<void>((r) => ws.once('message', () => r()))

    ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'conversations.create', payload: { title: 'hello' } }))
    await next()
    ws.send('{not json')
    await next()
    ws.send(JSON.stringify({ type: 'request', id: 2, channel: 'conversations.rename', payload: { id: 42 } }))
    await next()
    ws.close()

    const responses = replies.filter((r) => (r as { type: string }).type === 'response') as Array<{ id: number; result: { ok: boolean; error?: { code: string; message: string } } }>
    expect(responses[0]).toMatchObject({ id: 1, result: { ok: true } })
    expect(responses[1]).toMatchObject({ id: -1, result: { ok: false, error: { code: 'invalid_frame' } } })
    expect(responses[2]).toMatchObject({ id: 2, result: { ok: false, error: { code: 'invalid_payload' } } })
    expect(responses[2]!.result.error!.message).toMatch(/id/)
  })
})
