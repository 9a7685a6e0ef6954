import type { Bridge } from '../../../shared/ipc/bridge'
import type { Result } from '../../../shared/ipc/contract'
import type { ErrorData } from '../../../shared/types/domain'
import type { ConnectionSource, ConnectionState } from './connection'
import { isFailure, isResult } from './result-guards'

/** The slice of the WebSocket API this bridge uses; the browser's and the `ws` package's both fit. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

/** How to reach the host and how patiently to reconnect. */
export interface WsBridgeOptions {
  url: string
  /** Offered on every handshake; `workbench serve` reads its access token from them. */
  protocols?: string[]
  createSocket?: (url: string, protocols: string[]) => SocketLike
  /** Shown instead of the close code when the caller already knows why the host refuses (no token). */
  closedDetail?: string
  /** First reconnect delay, doubled per failed attempt up to maxDelayMs. */
  initialDelayMs?: number
  maxDelayMs?: number
}

/** A Bridge over a WebSocket that reconnects by itself and reports its state. */
export interface WsBridge extends Bridge, ConnectionSource {
  /** Closes for good: pending requests fail and no reconnect follows. */
  dispose(): void
}

interface Pending {
  resolve: (result: Result<unknown>) => void
  frame: string
  sent: boolean
}

const DISCONNECTED: ErrorData = {
  code: 'disconnected',
  message: 'The connection to the workbench host was lost before it answered. Try again once it is back.',
  retryable: true
}

/**
 * Speaks the contract over one WebSocket: requests wait in order until the socket is open,
 * answers are matched by id, events fan out to listeners. A request already sent when the
 * socket drops fails as `disconnected` (its outcome is unknown, so it is not resent);
 * one not yet sent waits for the next connection.
 */
export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const createSocket = options.createSocket ?? ((url: string, protocols: string[]) => new WebSocket(url, protocols) as unknown as SocketLike)
  const protocols = options.protocols ?? []
  const initialDelay = options.initialDelayMs ?? 250
  const maxDelay = options.maxDelayMs ?? 10_000

  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const stateListeners = new Set<(state: ConnectionState, detail: string | null) => void>()
  let socket: SocketLike | null = null
  let state: ConnectionState = 'connecting'
  let nextId = 1
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let disposed = false

  function setState(next: ConnectionState, detail: string | null = null): void {
    state = next
    for (const l of stateListeners) l(next, detail)
  }

  function connect(): void {
    timer = null
    setState('connecting')
    let s: SocketLike
    try {
      s = createSocket(options.url, protocols)
    } catch (err) {
      onDropped(`cannot connect: ${err instanceof Error ? err.message : String(err)}`)
      return
    }
    socket = s
    s.onopen = () => {
      if (socket !== s) return
      attempt = 0
      setState('open')
      for (const p of pending.values()) sendNow(s, p)
    }
    s.onmessage = (event) => receive(event.data)
    s.onerror = () => {} // a close event always follows; handled there
    s.onclose = (event) => {
      if (socket !== s) return
      socket = null
      onDropped(options.closedDetail ?? (event.reason || `code ${event.code}`))
    }
  }

  function sendNow(s: SocketLike, p: Pending): void {
    if (p.sent) return
    p.sent = true
    s.send(p.frame)
  }

  function onDropped(detail: string): void {
    for (const [id, p] of pending) {
      if (!p.sent) continue
      pending.delete(id)
      p.resolve({ ok: false, error: DISCONNECTED })
    }
    setState('closed', detail)
    if (disposed) return
    // Doubling from 250 ms reaches the 10 s cap after six failures: quick after a blip, quiet when the host is gone.
    const delay = Math.min(maxDelay, initialDelay * 2 ** attempt)
    attempt += 1
    timer = setTimeout(connect, delay)
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return
    let frame: unknown
    try {
      frame = JSON.parse(data)
    } catch {
      console.warn('[ws-bridge] ignored a frame that is not JSON')
      return
    }
    if (!frame || typeof frame !== 'object') return
    const f = frame as { type?: unknown; id?: unknown; result?: unknown; name?: unknown; payload?: unknown }
    if (f.type === 'response' && typeof f.id === 'number') {
      const p = pending.get(f.id)
      if (!p) {
        if (isFailure(f.result)) console.warn('[ws-bridge] the host refused a frame:', f.result.error.message)
        return
      }
      pending.delete(f.id)
      p.resolve(isResult(f.result) ? f.result : { ok: false, error: { code: 'invalid_response', message: 'The host sent a malformed answer.', retryable: false } })
    } else if (f.type === 'event' && typeof f.name === 'string') {
      for (const l of listeners.get(f.name) ?? []) {
        try {
          l(f.payload)
        } catch (err) {
          console.error('[ws-bridge] an event listener threw:', err)
        }
      }
    }
  }

  function invoke(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (disposed) return Promise.resolve({ ok: false, error: { ...DISCONNECTED, code: 'closed', retryable: false } })
    return new Promise((resolve) => {
      const id = nextId++
      let frame: string
      try {
        frame = JSON.stringify({ type: 'request', id, channel, payload })
      } catch (err) {
        resolve({ ok: false, error: { code: 'invalid_payload', message: `Cannot encode the request: ${String(err)}`, retryable: false } })
        return
      }
      const p: Pending = { resolve, frame, sent: false }
      pending.set(id, p)
      if (state === 'open' && socket) sendNow(socket, p)
    })
  }

  function on(event: string, listener: (payload: unknown) => void): () => void {
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }

  function dispose(): void {
    disposed = true
    if (timer) clearTimeout(timer)
    const s = socket
    socket = null
    s?.close(1000, 'disposed')
    for (const p of pending.values()) p.resolve({ ok: false, error: { ...DISCONNECTED, code: 'closed', retryable: false } })
    pending.clear()
    setState('closed', 'disposed')
  }

  connect()
  return {
    invoke,
    on,
    dispose,
    getState: () => state,
    subscribe(listener) {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    }
  }
}
