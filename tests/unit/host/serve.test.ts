import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
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

function openSocket(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

describe('workbench serve', () => {
  it('binds to loopback only and prints a URL that carries the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`))
  })

  it('serves the renderer with the token, with a strict CSP, and remembers it in a cookie', async () => {
    const res = await get(`/?token=${server.token}`)
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>wb</title>')
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(String(res.headers['set-cookie'])).toContain('HttpOnly')
    const viaCookie = await get('/assets/app.js', { cookie: `workbench_token=${server.token}` })
    expect(viaCookie.status).toBe(200)
  })

  it('refuses requests without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401)
    expect((await get('/?token=nope')).status).toBe(401)
    expect((await get('/assets/app.js')).status).toBe(401)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status).toBe(421)
  })

  it('never serves files outside the renderer, nor directory listings', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/', '/assets']) {
      const res = await get(`${path}${path.includes('?') ? '&' : '?'}token=${server.token}`)
      expect(res.status, path).toBe(404)
      expect(res.body).not.toContain('outside the renderer')
    }
  })

  it('refuses WebSockets without the token, with a wrong one, or from another Origin', async () => {
    await expect(openSocket('')).rejects.toThrow('403')
    await expect(openSocket('?token=wrong')).rejects.toThrow('403')
    await expect(openSocket(`?token=${server.token}`, { origin: 'https://evil.example' })).rejects.toThrow('403')
    await expect(openSocket(`?token=${server.token}`, { host: `evil.example:${server.port}` })).rejects.toThrow('403')
  })

  it('answers the contract over the socket and rejects malformed frames with a clear error', async () => {
    const ws = await openSocket(`?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` })
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
