import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { ProviderError, isProviderError } from './errors'
import { isRetryableStatus } from './policies/retry-table'
import { parseRetryAfter, type HeaderReader } from './retry-after'
import { scrubSecrets } from '../secrets/scrub'

/** What the mapper needs to know about the failed call to classify it and word the message. */
export interface ErrorContext {
  /** The endpoint id, recorded on the error. */
  provider: string
  /** How the user knows the provider: "OpenAI", "Anthropic", "Ollama" or the endpoint's id. */
  label: string
  /** What to do about a missing or rejected key, e.g. "Set OPENAI_API_KEY or add a key in Settings.". */
  keyHint: string | null
  /** What to try when nothing answers at all, e.g. "Is Ollama running?". */
  unreachableHint?: string
  /** Values that must never reach a message: the API key. */
  secrets: ReadonlyArray<string | null>
  /** Where we connected, named in "could not connect" messages; userinfo and query are dropped. */
  baseUrl: string | null
  signal?: AbortSignal
  /** Headers of the failed response when the SDK drops them (ollama-js does), for Retry-After. */
  responseHeaders?: HeaderReader | null
  now?: () => number
}

/**
 * Error types sent inside a stream (no HTTP status) that a later attempt could get past. This is
 * vocabulary, not policy: classify() counts these as a 5xx and the rest as a 4xx, and RETRY_TABLE
 * decides from there.
 */
const RETRYABLE_STREAM_ERROR_TYPES = new Set(['overloaded_error', 'api_error', 'server_error', 'rate_limit_error', 'timeout_error'])

/** Socket-level timeouts and the stage they cut short: all but a body timeout happen before headers. */
const TIMEOUT_CODES = new Map([
  ['ETIMEDOUT', 'timeout_connect'],
  ['UND_ERR_CONNECT_TIMEOUT', 'timeout_connect'],
  ['UND_ERR_HEADERS_TIMEOUT', 'timeout_connect'],
  ['UND_ERR_BODY_TIMEOUT', 'timeout_idle']
])
/** The stages of the resilience layer's AttemptTimeoutError (its `kind`), as error codes. */
const TIMEOUT_KIND_CODES = new Map([
  ['connect', 'timeout_connect'],
  ['first-token', 'timeout_first_token'],
  ['idle', 'timeout_idle'],
  ['total', 'timeout_total']
])
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED'
])

/** OpenAI's and llama.cpp's machine-readable codes/types for "the prompt does not fit". */
const CONTEXT_LENGTH_CODES = new Set(['context_length_exceeded', 'exceed_context_size_error'])
/**
 * The same, in words: OpenAI and vLLM "maximum context length is 8192 tokens", Anthropic "prompt is
 * too long" and "exceed context limit", llama.cpp "exceeds the available context size", Ollama
 * "input length exceeds the context length", Groq "reduce the length of the messages", Gemini's
 * compatible API "input token count exceeds the maximum number of tokens".
 */
const CONTEXT_LENGTH_WORDING =
  /context[ _-]?(?:length|window|size|limit)|maximum context|prompt is too long|too many (?:input )?tokens|reduce the length of the messages|input token count/i

/** Turns anything an SDK, fetch or a stream throws into a scrubbed ProviderError. */
export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (isProviderError(err)) return err
  if (ctx.signal?.aborted) return abortedError(ctx)
  const chain = causeChain(err)
  if (chain.some((e) => e instanceof OpenAI.APIUserAbortError || e instanceof Anthropic.APIUserAbortError || nameOf(e) === 'AbortError')) {
    return abortedError(ctx)
  }
  const codes = chain.map(codeOf).filter((c): c is string => c !== null)
  const socketTimeout = codes.find((c) => TIMEOUT_CODES.has(c))
  if (socketTimeout !== undefined) return timeoutError(ctx, TIMEOUT_CODES.get(socketTimeout))
  // The SDKs' own request timeout runs until the response headers arrive.
  if (chain.some((e) => e instanceof OpenAI.APIConnectionTimeoutError || e instanceof Anthropic.APIConnectionTimeoutError)) {
    return timeoutError(ctx, 'timeout_connect')
  }
  const facts = httpFacts(err, ctx.responseHeaders ?? null)
  if (facts) return facts.status === null ? streamError(ctx, facts.detail, facts.type) : httpError(ctx, { ...facts, status: facts.status })
  if (codes.includes('ERR_INVALID_URL')) {
    return make(ctx, { failure: 'config', code: 'invalid_base_url', message: `The base URL for ${ctx.label} is not a valid URL.` })
  }
  const isNetwork =
    chain.some((e) => e instanceof OpenAI.APIConnectionError || e instanceof Anthropic.APIConnectionError) ||
    codes.some((c) => NETWORK_CODES.has(c)) ||
    chain.some((e) => e instanceof TypeError && /^(fetch failed|terminated)$/.test(e.message))
  if (isNetwork) return networkError(ctx, codes, chain)
  if (chain.some((e) => e instanceof SyntaxError)) {
    return make(ctx, { failure: 'protocol', message: `${ctx.label} sent a response that could not be read.` })
  }
  return make(ctx, { failure: 'protocol', message: `${ctx.label} failed unexpectedly: ${messageOf(err)}` })
}

/** An HTTP status with whatever the server said about it. */
export interface HttpFacts {
  status: number | null
  headers: HeaderReader | null
  /** The server's own explanation, from its error body. */
  detail: string | null
  /** The provider's error type, e.g. 'overloaded_error'. */
  type: string | null
  /** The provider's error code when it sends one apart from the type (OpenAI: 'context_length_exceeded'). */
  code?: string | null
}

/** A non-2xx answer: status-specific wording, whether RETRY_TABLE retries it, and Retry-After. */
export function httpError(ctx: ErrorContext, facts: HttpFacts & { status: number }): ProviderError {
  const { status } = facts
  if (status !== 429 && isContextLength(facts)) return contextLengthError(ctx, facts.detail, status)
  const retryable = isRetryableStatus(status)
  const retryAfterMs = parseRetryAfter(facts.headers, ctx.now)
  const parts = [describeStatus(ctx.label, status)]
  if (facts.detail) parts.push(`The server said: "${facts.detail}".`)
  if ((status === 401 || status === 403) && ctx.keyHint) parts.push(ctx.keyHint)
  if (retryable && retryAfterMs !== null) parts.push(`It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`)
  return make(ctx, { failure: 'http', status, retryable, retryAfterMs, message: parts.join(' ') })
}

/** An error event inside a stream that had started fine (no status of its own). */
export function streamError(ctx: ErrorContext, detail: string | null, type: string | null): ProviderError {
  if (isContextLength({ detail, type })) return contextLengthError(ctx, detail, null)
  const retryable = type === null || RETRYABLE_STREAM_ERROR_TYPES.has(type)
  const what = detail ?? type ?? 'an unknown error'
  return make(ctx, { failure: 'http', code: 'stream_error', retryable, message: `${ctx.label} stopped with an error mid-answer: ${what}` })
}

/**
 * The stream ended before the provider's final event ([DONE]/finish_reason, message_stop,
 * done:true). Classed as a network failure: the usual cause is a dropped connection or proxy.
 */
export function streamIncompleteError(ctx: ErrorContext): ProviderError {
  return make(ctx, {
    failure: 'network',
    code: 'stream_incomplete',
    retryable: true,
    message: `The answer from ${ctx.label} was cut off before it finished.`
  })
}

/**
 * The caller's signal fired; a TimeoutError reason (AbortSignal.timeout, the timeout policy's
 * AttemptTimeoutError) counts as a timeout, coded by its `kind` when it has one.
 */
export function abortedError(ctx: ErrorContext): ProviderError {
  const reason: unknown = ctx.signal?.reason
  if (nameOf(reason) === 'TimeoutError') {
    const kind = typeof reason === 'object' && reason !== null ? (reason as { kind?: unknown }).kind : undefined
    return timeoutError(ctx, typeof kind === 'string' ? TIMEOUT_KIND_CODES.get(kind) : undefined)
  }
  return make(ctx, { failure: 'aborted', message: `The request to ${ctx.label} was stopped.` })
}

/** No key configured for a provider that needs one. */
export function missingKeyError(ctx: ErrorContext): ProviderError {
  const hint = ctx.keyHint ?? 'Add a key in Settings.'
  return make(ctx, { failure: 'config', code: 'missing_api_key', message: `${ctx.label} needs an API key. ${hint}` })
}

/** `code` says which stage ran out of time (timeout_connect…); provider_timeout when unknown. */
function timeoutError(ctx: ErrorContext, code?: string): ProviderError {
  return make(ctx, { failure: 'timeout', code, retryable: true, message: `${ctx.label} did not answer in time.` })
}

/** The conversation does not fit the model: the same request fails the same way, so never retryable. */
export function contextLengthError(ctx: ErrorContext, detail: string | null, status: number | null): ProviderError {
  const parts = [`The conversation is too long for this ${ctx.label} model${status === null ? '' : ` (${status})`}.`]
  if (detail) parts.push(`The server said: "${detail}".`)
  return make(ctx, { failure: 'http', code: 'context_length', status: status ?? undefined, retryable: false, message: parts.join(' ') })
}

/** Either a machine-readable code/type or the wording of any provider we know. */
function isContextLength(facts: { detail: string | null; type: string | null; code?: string | null }): boolean {
  if (facts.code && CONTEXT_LENGTH_CODES.has(facts.code)) return true
  if (facts.type && CONTEXT_LENGTH_CODES.has(facts.type)) return true
  return facts.detail !== null && CONTEXT_LENGTH_WORDING.test(facts.detail)
}

function networkError(ctx: ErrorContext, codes: string[], chain: unknown[]): ProviderError {
  const where = displayUrl(ctx.baseUrl)
  // The socket's own errno says more than the wrappers' codes: it tells offline from flaky.
  const networkCode = codes.find((c) => NETWORK_CODES.has(c)) ?? codes[0] ?? null
  const message = networkCode === 'ECONNREFUSED'
    ? `Could not connect to ${ctx.label}${where ? ` at ${where}` : ''} (connection refused).${ctx.unreachableHint ? ` ${ctx.unreachableHint}` : ''}`
    : `The connection to ${ctx.label} failed (${networkCode ?? messageOf(chain[chain.length - 1])}).`
  return make(ctx, { failure: 'network', retryable: true, message, networkCode })
}

function describeStatus(label: string, status: number): string {
  if (status === 401) return `${label} rejected the API key (401).`
  if (status === 403) return `${label} refused access (403).`
  if (status === 404) return `${label} does not know this model or endpoint (404).`
  if (status === 408) return `${label} timed out waiting for the request (408).`
  if (status === 413) return `The request is too large for ${label} (413).`
  if (status === 429) return `${label} is rate limiting requests (429).`
  if (status === 529) return `${label} is overloaded (529).`
  if (status >= 500) return `${label} had a server error (${status}).`
  return `${label} rejected the request (${status}).`
}

/** Status, headers and the server's words, from whichever SDK threw. Null when not an HTTP answer. */
function httpFacts(err: unknown, responseHeaders: HeaderReader | null): HttpFacts | null {
  // Connection errors subclass APIError in both SDKs but carry no answer.
  if (err instanceof OpenAI.APIConnectionError || err instanceof Anthropic.APIConnectionError) return null
  if (err instanceof OpenAI.APIError) {
    const body = err.error as { message?: unknown; type?: unknown; code?: unknown } | undefined
    return { status: err.status ?? null, headers: err.headers ?? null, detail: detailOf(body?.message), type: stringOr(body?.type), code: stringOr(body?.code) }
  }
  if (err instanceof Anthropic.APIError) {
    return { status: err.status ?? null, headers: err.headers ?? null, detail: detailOf(err.apiMessage), type: err.type ?? null }
  }
  // ollama's ResponseError is not exported; it carries the HTTP status as status_code.
  if (nameOf(err) === 'ResponseError' && typeof (err as { status_code?: unknown }).status_code === 'number') {
    const e = err as { status_code: number; error?: unknown }
    return { status: e.status_code, headers: responseHeaders, detail: detailOf(e.error), type: null }
  }
  return null
}

function make(
  ctx: ErrorContext,
  init: {
    failure: ProviderError['failure']
    message: string
    code?: string
    status?: number
    retryable?: boolean
    retryAfterMs?: number | null
    networkCode?: string | null
  }
): ProviderError {
  return new ProviderError({ provider: ctx.provider, ...init, message: scrubSecrets(init.message, ctx.secrets) })
}

/** Proxies answer errors with whole HTML pages; only short plain text is worth showing. */
function detailOf(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const text = value.trim()
  if (text === '' || text.startsWith('<')) return null
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}

function displayUrl(baseUrl: string | null): string | null {
  if (!baseUrl) return null
  try {
    const url = new URL(baseUrl)
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`
  } catch {
    return null
  }
}

/**
 * The error and its causes, outermost first: the SDKs wrap fetch's TypeError, which wraps undici's
 * or the socket's error. An AggregateError (one failure per address tried) contributes its first.
 */
function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = []
  for (let e: unknown = err; e !== undefined && e !== null && chain.length < 8; ) {
    chain.push(e)
    if (typeof e !== 'object') break
    const { cause, errors } = e as { cause?: unknown; errors?: unknown }
    e = cause ?? (Array.isArray(errors) ? errors[0] : undefined)
  }
  return chain
}

function codeOf(e: unknown): string | null {
  return typeof e === 'object' && e !== null ? stringOr((e as { code?: unknown }).code) : null
}

function nameOf(e: unknown): string | null {
  return typeof e === 'object' && e !== null ? stringOr((e as { name?: unknown }).name) : null
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}
