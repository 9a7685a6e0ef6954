import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** Cookie that carries the token after the first visit, so a reload without ?token= still works. */
export const TOKEN_COOKIE = 'workbench_token'

/** Only loopback names on our own port: a foreign Host header means DNS rebinding. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`
}

/** Browsers always send Origin on a WebSocket; it must be our page. Non-browser clients send none. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
}

export function tokenFrom(req: IncomingMessage, url: URL): string | null {
  const fromQuery = url.searchParams.get('token')
  if (fromQuery) return fromQuery
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='))
  }
  const auth = req.headers.authorization
  return auth?.startsWith('Bearer ') ? auth.slice(7) : null
}

/** Constant-time, so the token cannot be guessed byte by byte from response timings. */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
