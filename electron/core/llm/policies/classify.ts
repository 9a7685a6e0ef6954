import { isWorkbenchError } from '../../../../shared/errors'
import type { AttemptOutcome } from '../../../../shared/types/domain'
import { isProviderError, type ProviderError } from '../errors'
import { BreakerOpenError } from './circuit-breaker-open-error'
import { RateLimitedError } from './rate-limited-error'
import { isAttemptTimeoutError, type TimeoutKind } from './timeout'

/**
 * THE classifier: one failed try, in the terms the retry table, the breaker, the offline
 * detector, the Attempt record and map-error's `retryable` all use. There is no other.
 */
export interface ClassifiedFailure {
  outcome: AttemptOutcome
  httpStatus: number | null
  /** ProviderError's code ('http_429', 'context_length', 'timeout_idle'…), 'aborted', or null for unknown errors. */
  errorCode: string | null
  message: string
  /** What the server asked us to wait (Retry-After / retry-after-ms), in ms. */
  retryAfterMs: number | null
  /** The socket error behind a network failure: ECONNREFUSED, ENOTFOUND, ECONNRESET… */
  networkCode: string | null
}

export interface ClassifyOptions {
  /** The caller's signal (Stop), not the attempt's: only the user's abort is 'aborted'. */
  signal: AbortSignal
  /** Whether any of the answer arrived before the failure: a break after it is 'stream-broken'. */
  tokensReceived: boolean
}

const TIMEOUT_OUTCOMES: Readonly<Record<TimeoutKind, AttemptOutcome>> = {
  connect: 'timeout-connect',
  'first-token': 'timeout-first-token',
  idle: 'timeout-idle',
  total: 'timeout-total'
}

/** map-error's timeout codes, back to the stage that ran out of time. */
const TIMEOUT_CODE_OUTCOMES: Readonly<Record<string, AttemptOutcome>> = {
  timeout_connect: 'timeout-connect',
  timeout_first_token: 'timeout-first-token',
  timeout_idle: 'timeout-idle',
  timeout_total: 'timeout-total'
}

/**
 * Maps whatever a try threw (ProviderError, AttemptTimeoutError, our own policies' refusals, the
 * caller's abort, anything else) to an AttemptOutcome and the facts the retry table needs.
 * Unknown errors are 'protocol'.
 */
export function classify(err: unknown, opts: ClassifyOptions): ClassifiedFailure {
  // The user's Stop wins over whatever the abort made the adapter throw.
  if (opts.signal.aborted && !isAttemptTimeoutError(opts.signal.reason)) {
    return failure('aborted', 'The request was stopped.', { errorCode: 'aborted' })
  }
  // Our own refusals: nothing was sent, so they are skips, not tries. A full bulkhead queue is our rate limit too.
  if (err instanceof BreakerOpenError) return failure('breaker-open', err.message, { errorCode: err.code })
  if (err instanceof RateLimitedError) return failure('rate-limited', err.message, { errorCode: err.code })
  if (isWorkbenchError(err) && err.code === 'bulkhead_full') return failure('rate-limited', err.message, { errorCode: err.code })
  if (isAttemptTimeoutError(err)) return failure(TIMEOUT_OUTCOMES[err.kind], err.message, { errorCode: `timeout_${err.kind.replace('-', '_')}` })
  if (isProviderError(err)) return fromProviderError(err, opts.tokensReceived)
  const message = err instanceof Error ? err.message : String(err)
  return failure('protocol', message || 'The request failed unexpectedly.', {})
}

function fromProviderError(err: ProviderError, tokensReceived: boolean): ClassifiedFailure {
  const facts = { httpStatus: err.status, errorCode: err.code, retryAfterMs: err.retryAfterMs, networkCode: err.networkCode }
  return failure(outcomeOf(err, tokensReceived), err.message, facts)
}

function outcomeOf(err: ProviderError, tokensReceived: boolean): AttemptOutcome {
  switch (err.failure) {
    case 'aborted':
      return 'aborted'
    case 'config':
      return 'config'
    case 'timeout':
      // An SDK or socket timeout of unknown stage: treated as the whole attempt running out, which is never retried.
      return TIMEOUT_CODE_OUTCOMES[err.code] ?? 'timeout-total'
    case 'network':
      // Includes stream_incomplete: before any token it is a connection problem, after one a broken stream.
      return tokensReceived ? 'stream-broken' : 'network'
    case 'protocol':
      // A garbled frame after paid-for tokens is a broken stream too: never retried on the same target.
      return tokensReceived ? 'stream-broken' : 'protocol'
    case 'http':
      if (err.code === 'context_length') return 'context-length'
      if (err.status === null) {
        // An error event inside a stream: after tokens it broke the stream; before, it stands for its status.
        if (tokensReceived) return 'stream-broken'
        return err.retryable ? 'http-5xx' : 'http-4xx'
      }
      return outcomeOfStatus(err.status)
  }
}

/** The outcome of an HTTP error status (other than a context-length refusal): the rows of RETRY_TABLE it falls under. */
export function outcomeOfStatus(status: number): 'http-429' | 'http-5xx' | 'http-4xx' {
  if (status === 429) return 'http-429'
  if (status >= 500) return 'http-5xx'
  return 'http-4xx'
}

function failure(outcome: AttemptOutcome, message: string, facts: Partial<Omit<ClassifiedFailure, 'outcome' | 'message'>>): ClassifiedFailure {
  return { outcome, message, httpStatus: null, errorCode: null, retryAfterMs: null, networkCode: null, ...facts }
}
