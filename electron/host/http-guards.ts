import { timingSafeEqual } from 'node:crypto'
import { TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../shared/ipc/ws-session'

/** Only loopback names on our own port: a foreign Host header means DNS rebinding. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`
}

/** Browsers always send Origin on a WebSocket; it must be our page. Non-browser clients send none. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
}

/**
 * The token offered as the subprotocol `workbench.token.<token>` on the WebSocket handshake, the
 * only place it is accepted: never a cookie (sent to every port of the host), never a query (kept
 * in history and logs). Null when none is offered, or when `workbench.v1` is missing beside it.
 */
export function tokenFromProtocols(header: string | undefined): string | null {
  const offered = (header ?? '').split(',').map((p) => p.trim())
  if (!offered.includes(WS_PROTOCOL)) return null
  const carrier = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))
  return carrier ? carrier.slice(TOKEN_PROTOCOL_PREFIX.length) : null
}

/** Constant-time, so the token cannot be guessed byte by byte from response timings. */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
