import { promptChars, sendJson, sleep, type Exchange, type RecordedRequest } from './http-kit'

/** Which endpoint a fault applies to: the chat stream or the model list. */
export type FaultRoute = 'chat' | 'models'

/**
 * A misbehaviour for one request. Fields combine and apply in this order: stall before the first
 * byte, reset before headers, error status, then the stream faults (which only the chat route has).
 * Flat optional fields so a chaos test can generate them; add new ones here and in sendStream.
 */
export interface Fault {
  /** Which endpoint consumes it; default 'chat'. */
  on?: FaultRoute | 'any'
  /** Wait before sending anything; Infinity holds the request until the client gives up. */
  stallBeforeFirstByteMs?: number
  /** Destroy the socket before any response: the client sees a connection reset. */
  resetBeforeHeaders?: boolean
  /** Answer with this HTTP status and the provider's real error body. */
  status?: number
  /** Retry-After header sent with `status`: seconds or an HTTP date. */
  retryAfter?: string
  /** retry-after-ms header sent with `status`. */
  retryAfterMs?: number
  /** Replaces the provider's stock wording in the error body, e.g. to echo a key back. */
  errorMessage?: string
  /** Destroy the socket after this many tokens. */
  resetAfterTokens?: number
  /** Go quiet after this many tokens, for stallMs (default: until the client gives up). */
  stallAfterTokens?: number
  stallMs?: number
  /** Send a frame the client cannot parse, then end: `true` before any token, or after n tokens. */
  malformed?: boolean | { afterTokens: number }
  /** Send every token, then end without the closing frames ([DONE], message_stop, done:true). */
  endWithoutFinal?: boolean
}

/** The behaviour every fake shares; mutate it between (or during) requests. */
export interface BaseScript {
  /** Model names the server knows; others get the provider's "model not found". */
  models: string[]
  /** The answer, one entry per streamed token, or computed from the request. */
  reply: string[] | ((request: RecordedRequest) => string[])
  /** Pause before each token, including the first. */
  tokenDelayMs: number
  /** When set, each token (0-based index) also waits for this to resolve: a test paces the stream by hand. */
  tokenGate?: ((index: number) => Promise<void>) | undefined
  /** Reported usage; null counts prompt characters and reply tokens. */
  usage: { inputTokens: number; outputTokens: number } | null
  /** The key the server demands; null accepts anything, including no key. */
  apiKey: string | null
  /** Consumed one per matching request, first match first (one-shot faults). */
  faults: Fault[]
  /** Applies when no queued fault matches (a persistent fault). */
  defaultFault: Fault | null
  /**
   * When set, decides each chat request's fault from the request itself instead of the queue, so
   * which request gets which fault does not depend on the order concurrent requests arrive in.
   */
  faultFor?: ((request: RecordedRequest) => Fault | null) | undefined
}

/** Defaults for the shared script, overridden by what a test passes to startFake*. */
export function baseScript(models: string[], overrides: Partial<BaseScript>): BaseScript {
  return { models, reply: ['Hello', ' there', '!'], tokenDelayMs: 0, usage: null, apiKey: null, faults: [], defaultFault: null, ...overrides }
}

/** The scripted fault for this request, else takes the first queued fault for this route, or the persistent one. */
export function takeFault(script: BaseScript, route: FaultRoute, request?: RecordedRequest): Fault | null {
  if (route === 'chat' && script.faultFor && request) return script.faultFor(request)
  const at = script.faults.findIndex((f) => (f.on ?? 'chat') === route || f.on === 'any')
  if (at >= 0) return script.faults.splice(at, 1)[0] ?? null
  const fallback = script.defaultFault
  return fallback && ((fallback.on ?? 'chat') === route || fallback.on === 'any') ? fallback : null
}

/** The reply tokens and usage numbers for one request. */
export function answerFor(script: BaseScript, request: RecordedRequest): { tokens: string[]; inputTokens: number; outputTokens: number } {
  const tokens = typeof script.reply === 'function' ? script.reply(request) : [...script.reply]
  const usage = script.usage ?? { inputTokens: Math.ceil(promptChars(request.body) / 4), outputTokens: tokens.length }
  return { tokens, ...usage }
}

/** A provider's error response: status, its real JSON body and headers. */
export interface ErrorReply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** Sends a provider error reply as JSON. */
export function sendErrorReply(ex: Exchange, reply: ErrorReply): void {
  sendJson(ex.res, reply.status, reply.body, reply.headers)
}

/** Applies the faults that strike before a response; true when the request is already dealt with. */
export async function applyLeadingFaults(ex: Exchange, fault: Fault | null, errorReply: (status: number, message?: string) => ErrorReply): Promise<boolean> {
  if (!fault) return false
  if (fault.stallBeforeFirstByteMs !== undefined && !(await sleep(fault.stallBeforeFirstByteMs, ex.gone))) return true
  if (fault.resetBeforeHeaders) {
    ex.reset()
    return true
  }
  if (fault.status !== undefined) {
    const reply = errorReply(fault.status, fault.errorMessage)
    const headers: Record<string, string> = { ...reply.headers }
    if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter
    if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs)
    sendErrorReply(ex, { ...reply, headers })
    return true
  }
  return false
}

/** A streamed answer as frames: opening frames, one frame per token, closing frames. */
export interface StreamPlan {
  headers: Record<string, string>
  head: string[]
  tokens: string[]
  tail: string[]
  /** A frame in the provider's framing that the client cannot parse. */
  garbage: string
}

/** Writes a stream plan token by token, applying the mid-stream faults. */
export async function sendStream(ex: Exchange, plan: StreamPlan, fault: Fault | null, pace: Pick<BaseScript, 'tokenDelayMs' | 'tokenGate'>): Promise<void> {
  const { tokenDelayMs, tokenGate } = pace
  const { res } = ex
  res.writeHead(200, plan.headers)
  res.flushHeaders()
  const malformedAt = fault?.malformed === true ? 0 : fault?.malformed ? fault.malformed.afterTokens : null
  for (const frame of plan.head) res.write(frame)
  let lastWrite: Promise<unknown> = Promise.resolve()
  for (let sent = 0; ; sent++) {
    if (fault?.resetAfterTokens === sent) {
      // Destroying a socket drops what is still buffered; let the tokens reach the client first.
      await lastWrite
      return ex.reset()
    }
    if (fault?.stallAfterTokens === sent && !(await sleep(fault.stallMs ?? Number.POSITIVE_INFINITY, ex.gone))) return
    if (malformedAt === sent) {
      res.end(plan.garbage)
      return
    }
    if (sent === plan.tokens.length) break
    if (!(await sleep(tokenDelayMs, ex.gone))) return
    if (tokenGate) {
      await Promise.race([tokenGate(sent), new Promise((resolve) => ex.gone.addEventListener('abort', resolve, { once: true }))])
      if (ex.gone.aborted) return
    }
    lastWrite = new Promise((resolve) => res.write(plan.tokens[sent] ?? '', resolve))
  }
  if (fault?.endWithoutFinal) {
    res.end()
    return
  }
  for (const frame of plan.tail) res.write(frame)
  res.end()
}
