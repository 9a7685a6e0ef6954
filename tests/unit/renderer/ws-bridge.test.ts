import { afterEach, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'
import type { ConnectionState } from '../../../renderer/src/api/connection'
import { createWsBridge, type SocketLike, type WsBridge } from '../../../renderer/src/api/ws-bridge'

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.()
})

/** A real WebSocket server on loopback; `onFrame` decides what to answer. */
async function server(onFrame: (frame: { id: number; channel: string; payload: unknown }, socket: WebSocket) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', resolve))
  const urls: string[] = []
  const protocols: string[] = []
  wss.on('connection', (socket, req) => {
    urls.push(req.url ?? '')
    protocols.push(req.headers['sec-websocket-protocol'] ?? '')
    socket.on('message', (data) => onFrame(JSON.parse(String(data)), socket))
  })
  cleanups.push(() => wss.close())
  return { wss, urls, protocols, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws` }
}

function bridge(url: string): WsBridge {
  const b = createWsBridge({
    url,
    protocols: ['workbench.v1', 'workbench.token.t0k'],
    createSocket: (u, p) => new WebSocket(u, p) as unknown as SocketLike,
    initialDelayMs: 20,
    maxDelayMs: 50
  })
  cleanups.push(() => b.dispose())
  return b
}

function waitForState(b: WsBridge, wanted: ConnectionState): Promise<void> {
  if (b.getState() === wanted) return Promise.resolve()
  return new Promise((resolve) => {
    const off = b.subscribe((s) => {
      if (s === wanted) {
        off()
        resolve()
      }
    })
  })
}

describe('ws bridge', () => {
  it('sends requests queued before the socket opened and matches answers by id, in any order', async () => {
    const held: Array<() => void> = []
    const { url, urls, protocols } = await server((frame, socket) => {
      const answer = () => socket.send(JSON.stringify({ type: 'response', id: frame.id, result: { ok: true, value: frame.channel } }))
      held.push(answer)
      // Answer both at once, newest first, to prove ids (not order) pair them up.
      if (held.length === 2) held.reverse().forEach((a) => a())
    })
    const b = bridge(url)
    const first = b.invoke('conversations.list', {})
    const second = b.invoke('models.list', {})
    expect(await first).toEqual({ ok: true, value: 'conversations.list' })
    expect(await second).toEqual({ ok: true, value: 'models.list' })
    // The token rides in the offered subprotocols, never in the URL.
    expect(urls[0]).toBe('/ws')
    expect(protocols[0]?.split(',').map((p) => p.trim())).toEqual(['workbench.v1', 'workbench.token.t0k'])
  })

  it('passes events to the listeners of that event only', async () => {
    const { url } = await server((frame, socket) => {
      socket.send(JSON.stringify({ type: 'event', name: 'chat.delta', payload: { text: 'hi' } }))
      socket.send(JSON.stringify({ type: 'response', id: frame.id, result: { ok: true, value: null } }))
    })
    const b = bridge(url)
    const deltas: unknown[] = []
    const others: unknown[] = []
    b.on('chat.delta', (p) => deltas.push(p))
    b.on('chat.finished', (p) => others.push(p))
    await b.invoke('settings.get', {})
    expect(deltas).toEqual([{ text: 'hi' }])
    expect(others).toEqual([])
  })

  it('fails a request in flight as disconnected when the socket drops, then reconnects', async () => {
    let drop = true
    const { url, urls } = await server((frame, socket) => {
      if (drop) {
        drop = false
        socket.terminate()
        return
      }
      socket.send(JSON.stringify({ type: 'response', id: frame.id, result: { ok: true, value: 'again' } }))
    })
    const b = bridge(url)
    const states: ConnectionState[] = []
    b.subscribe((s) => states.push(s))
    expect(await b.invoke('chat.send', { content: 'x' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'disconnected', retryable: true }) })
    await waitForState(b, 'open')
    expect(await b.invoke('chat.send', { content: 'x' })).toEqual({ ok: true, value: 'again' })
    expect(states).toEqual(expect.arrayContaining(['open', 'closed', 'connecting']))
    expect(urls).toHaveLength(2)
  })

  it('fails everything pending once disposed', async () => {
    const { url } = await server(() => {})
    const b = bridge(url)
    const pending = b.invoke('models.list', {})
    b.dispose()
    expect(await pending).toMatchObject({ ok: false, error: { code: 'closed' } })
  })
})
