import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/** How an exchange ended, as the fake saw it. */
export type RequestOutcome = 'completed' | 'client-closed' | 'reset'

/** One request as a fake server received it. */
export interface RecordedRequest {
  method: string
  /** The pathname, without the query. */
  path: string
  query: Record<string, string>
  /** Lower-cased header names, as node:http gives them. */
  headers: IncomingHttpHeaders
  /** The parsed JSON body, or null when there was none (or it was not JSON). */
  body: unknown
  /** Settles when the exchange is over: lets a test see that an abort really closed the connection. */
  outcome: Promise<RequestOutcome>
}

/** What a route handler gets: the raw pair plus helpers that stop when the client goes away. */
export interface Exchange {
  req: IncomingMessage
  res: ServerResponse
  recorded: RecordedRequest
  /** Fires when the client hangs up or the server closes; pending sleeps end early. */
  gone: AbortSignal
  /** Destroys the socket without a response (a connection reset, as far as the client can tell). */
  reset(): void
}

/** A running fake: its address, what it received, and a close() that does not wait for clients. */
export interface FakeHttpServer {
  url: string
  port: number
  requests: RecordedRequest[]
  close(): Promise<void>
}

/** Starts a plain node:http server on an ephemeral loopback port that records every request. */
export async function startHttpFake(handle: (ex: Exchange) => Promise<void> | void): Promise<FakeHttpServer> {
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  const serverGone = new AbortController()

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req).catch(() => null)
      if (raw === null) return // the client hung up while sending
      const url = new URL(req.url ?? '/', 'http://fake')
      let settle: (outcome: RequestOutcome) => void = () => {}
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: parseJson(raw),
        outcome: new Promise((resolve) => (settle = resolve))
      }
      requests.push(recorded)
      const clientGone = new AbortController()
      let didReset = false
      res.on('close', () => {
        settle(res.writableFinished ? 'completed' : didReset ? 'reset' : 'client-closed')
        clientGone.abort()
      })
      const ex: Exchange = {
        req,
        res,
        recorded,
        gone: AbortSignal.any([clientGone.signal, serverGone.signal]),
        reset: () => {
          didReset = true
          req.socket.destroy()
        }
      }
      try {
        await handle(ex)
      } catch (err) {
        // A bug in a fake should fail the test loudly, not hang it.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`fake server error: ${String(err)}`)
      }
    })()
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('fake server has no port')

  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    async close() {
      serverGone.abort()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await closed
    }
  }
}

/** Sends a JSON body with a status and extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

/** Waits `ms` (Infinity: until the signal fires). Resolves false when the signal cut it short. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  if (ms <= 0) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = Number.isFinite(ms) ? setTimeout(() => done(true), ms) : null
    const onAbort = (): void => done(false)
    function done(elapsed: boolean): void {
      if (timer) clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      resolve(elapsed)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** Total characters of the request's message contents: the fakes' stand-in for a token count. */
export function promptChars(body: unknown): number {
  const messages = (body as { messages?: Array<{ content?: unknown }> } | null)?.messages ?? []
  const system = (body as { system?: unknown } | null)?.system
  const texts = [...messages.map((m) => m.content), system].filter((c): c is string => typeof c === 'string')
  return texts.reduce((sum, text) => sum + text.length, 0)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(raw: string): unknown {
  if (raw === '') return null
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return null
  }
}
