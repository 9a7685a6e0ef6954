import WebSocket from 'ws'
import type { Result } from '../../shared/ipc/contract'
import type { ServerFrame } from '../../shared/ipc/bridge'
import { sessionProtocols } from '../../shared/ipc/ws-session'

/** A test's client of `workbench serve`: the contract over its WebSocket, as the browser speaks it. */
export interface ServeSocket {
  /** Sends one request; rejects if the socket closes before the response (e.g. the server was killed). */
  request(channel: string, payload: unknown): Promise<Result<unknown>>
  /** Every event frame received so far. */
  events: Array<{ name: string; payload: unknown }>
  /** Calls `listener` for every event frame from now on (a benchmark times them as they arrive). */
  onEvent(listener: (name: string, payload: unknown) => void): void
  close(): void
}

/** Connects to a running `workbench serve` given the URL it printed (which carries the token). */
export async function connectServe(printedUrl: string): Promise<ServeSocket> {
  const url = new URL(printedUrl)
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? ''
  const ws = new WebSocket(`ws://${url.host}/ws`, sessionProtocols(token))
  const pending = new Map<number, { resolve: (r: Result<unknown>) => void; reject: (e: Error) => void }>()
  const events: ServeSocket['events'] = []
  const listeners: Array<(name: string, payload: unknown) => void> = []
  let nextId = 1

  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame
    if (frame.type === 'event') {
      events.push({ name: frame.name, payload: frame.payload })
      for (const l of listeners) l(frame.name, frame.payload)
    } else {
      pending.get(frame.id)?.resolve(frame.result)
      pending.delete(frame.id)
    }
  })
  const gone = (why: string) => () => {
    for (const p of pending.values()) p.reject(new Error(why))
    pending.clear()
  }
  ws.on('close', gone('the server closed the socket'))
  // A killed server resets the socket; the close that follows rejects what is pending.
  ws.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })

  return {
    events,
    onEvent: (listener) => void listeners.push(listener),
    request(channel, payload) {
      if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('the socket is not open'))
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        ws.send(JSON.stringify({ type: 'request', id, channel, payload }))
      })
    },
    close: () => ws.terminate()
  }
}
