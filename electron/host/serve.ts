import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { MAX_FRAME_BYTES } from '../../shared/ipc/bridge'
import { TOKEN_FRAGMENT_KEY, WS_PROTOCOL } from '../../shared/ipc/ws-session'
import type { Core } from '../core/core'
import { createFrameSession } from '../core/transport/frame-session'
import { isAllowedHost, isAllowedOrigin, tokenFromProtocols, tokenMatches } from './http-guards'
import { serveStatic } from './static-files'

export interface ServeOptions {
  core: Pick<Core, 'handlers' | 'events'>
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  token?: string
}

export interface RunningServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/**
 * The headless host: the built renderer plus the IPC contract over a WebSocket, on 127.0.0.1
 * only. The renderer's files hold no data and are served to any loopback page with our Host;
 * everything that reads or writes data goes over the WebSocket, whose handshake must offer the
 * token as a subprotocol (see shared/ipc/ws-session.ts). The browser never holds the token in
 * a cookie, so no other server on 127.0.0.1 can receive it. Host and Origin are checked so
 * another site in the user's browser cannot reach us, even through DNS rebinding.
 */
export async function startServer({ core, rendererDir, port = 0, token = randomBytes(24).toString('base64url') }: ServeOptions): Promise<RunningServer> {
  // Selecting our fixed protocol (never the one carrying the token) keeps the token out of the answer.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, handleProtocols: () => WS_PROTOCOL })
  const server = createServer((req, res) => void handleHttp(req, res))
  let boundPort = port

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (!isAllowedHost(req.headers.host, boundPort)) return refuse(res, 421, 'Unknown host.')
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.')
    await serveStatic(rendererDir, url.pathname, res, securityHeaders(boundPort))
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const ok =
      url.pathname === '/ws' &&
      isAllowedHost(req.headers.host, boundPort) &&
      isAllowedOrigin(req.headers.origin, boundPort) &&
      tokenMatches(tokenFromProtocols(req.headers['sec-websocket-protocol']), token)
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attach(ws))
  })

  function attach(ws: WebSocket): void {
    const session = createFrameSession({
      handlers: core.handlers,
      events: core.events,
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
      }
    })
    ws.on('message', (data, isBinary) => void session.handle(isBinary ? null : data.toString()))
    ws.on('close', () => session.close())
    ws.on('error', () => session.close())
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolveListen())
  })
  boundPort = (server.address() as AddressInfo).port

  return {
    // The fragment never leaves the browser: the page reads it and removes it from the address bar.
    url: `http://127.0.0.1:${boundPort}/#${TOKEN_FRAGMENT_KEY}=${token}`,
    port: boundPort,
    token,
    async close() {
      for (const ws of sockets.clients) ws.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  }
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy':
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin'
  }
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(message)
}
