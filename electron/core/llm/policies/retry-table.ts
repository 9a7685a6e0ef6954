import type { AttemptOutcome } from '../../../../shared/types/domain'
import { backoffDelay, serverDelay } from './backoff'
import { outcomeOfStatus } from './classify'

/** Tuning for retries on one target. */
export interface RetryOptions {
  /** The most same-target retries any row allows (rows allowing "one retry" get min(1, this)); 0 turns retries off. */
  maxRetries: number
  /** Backoff ceiling of the first retry; doubles per retry (full jitter, see backoff.ts). */
  baseDelayMs: number
  maxDelayMs: number
  /** The longest Retry-After we wait out; a longer one moves to the next target at once. */
  maxRetryAfterMs: number
  random: () => number
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 4000, maxRetryAfterMs: 10_000, random: Math.random }

/** The failed try the decision is about. */
export interface RetryInput {
  outcome: AttemptOutcome
  httpStatus: number | null
  networkCode: string | null
  /** The 1-based try that just failed at this target. */
  tryNo: number
  retryAfterMs: number | null
  /** Whether the route has a target after this one. */
  hasNextTarget: boolean
}

/**
 * retry: wait delayMs, then try the same target again. next-target: give this target up and let
 * the route go on (to the next target, or to its end: cache, then a clear error). stop: end the
 * whole route now.
 */
export type RetryDecision =
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'next-target'; reason: string }
  | { action: 'stop'; reason: string }

/** How many same-target retries a row allows: a number, or 'max' for options.maxRetries. */
type Retries = number | 'max'

/** One row: which failures it covers, how often they are retried, and what happens after. */
export interface RetryRow {
  /** Only these HTTP statuses (within the outcome); rows without a filter catch the rest. */
  statuses?: readonly number[]
  /** Only these socket errors (within the outcome). */
  networkCodes?: ReadonlySet<string>
  /** Same-target retries while another target follows. */
  retries: Retries
  /** Same-target retries when this is the last target; defaults to `retries`. */
  retriesWhenLast?: Retries
  /** Wait what the server asked (up to the cap) instead of backing off; over the cap, move on at once. */
  honoursRetryAfter: boolean
  /** When no retry is allowed or left: only the user's abort stops the route. */
  then: 'next-target' | 'stop'
  why: string
}

/** Nothing is listening or the name does not resolve: the same target will not answer a moment later. */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

const SKIP = { retries: 0, honoursRetryAfter: false, then: 'next-target', why: 'a skip, not a try: nothing to retry' } as const

/**
 * THE retry table: every outcome, first matching row wins. Timeouts that cost no tokens get
 * one more chance; anything after tokens arrived is never repeated on the same target (they
 * were paid for, and the answer restarts on the next target instead).
 */
export const RETRY_TABLE: Readonly<Record<AttemptOutcome, readonly RetryRow[]>> = {
  ok: [{ retries: 0, honoursRetryAfter: false, then: 'next-target', why: 'not a failure; listed so the table covers every outcome' }],
  'http-429': [{ retries: 'max', honoursRetryAfter: true, then: 'next-target', why: 'rate limited: wait as asked (up to the cap); asked longer, try elsewhere at once' }],
  'http-4xx': [
    { statuses: [408], retries: 'max', honoursRetryAfter: true, then: 'next-target', why: 'the server gave up waiting for our request: transient' },
    { statuses: [409], retries: 'max', honoursRetryAfter: true, then: 'next-target', why: 'OpenAI answers 409 for transient lock contention' },
    { retries: 0, honoursRetryAfter: false, then: 'next-target', why: '400/401/403/404/422: the same request fails the same way' }
  ],
  'http-5xx': [{ retries: 'max', honoursRetryAfter: true, then: 'next-target', why: 'server error or overload (Anthropic 529): transient' }],
  'context-length': [{ retries: 0, honoursRetryAfter: false, then: 'next-target', why: 'the conversation does not fit: only a model with a larger window can help' }],
  network: [
    {
      networkCodes: UNREACHABLE_CODES,
      retries: 0,
      retriesWhenLast: 1,
      honoursRetryAfter: false,
      then: 'next-target',
      why: 'nothing listening or no DNS: fail over at once (< 50 ms); one retry only when no target follows'
    },
    { retries: 'max', honoursRetryAfter: false, then: 'next-target', why: 'reset or dropped before any token: transient' }
  ],
  'timeout-connect': [{ retries: 1, honoursRetryAfter: false, then: 'next-target', why: 'no headers: maybe a lost packet or a cold start; once more, then elsewhere' }],
  'timeout-first-token': [{ retries: 1, honoursRetryAfter: false, then: 'next-target', why: 'no first token: maybe a queue or a model loading; once more, then elsewhere' }],
  'timeout-idle': [{ retries: 0, honoursRetryAfter: false, then: 'next-target', why: 'went quiet after tokens (paid for): restart on the next target' }],
  'timeout-total': [{ retries: 0, honoursRetryAfter: false, then: 'next-target', why: 'the whole time budget of this target is spent' }],
  'stream-broken': [{ retries: 0, honoursRetryAfter: false, then: 'next-target', why: 'broke after tokens (paid for): restart on the next target' }],
  protocol: [{ retries: 1, honoursRetryAfter: false, then: 'next-target', why: 'an unreadable answer may be a one-off (a proxy, a cut frame)' }],
  config: [{ retries: 0, honoursRetryAfter: false, then: 'next-target', why: 'a missing key or bad URL does not fix itself' }],
  offline: [SKIP],
  'breaker-open': [SKIP],
  'rate-limited': [SKIP],
  budget: [SKIP],
  aborted: [{ retries: 0, honoursRetryAfter: false, then: 'stop', why: 'the user stopped it: nothing else is tried' }]
}

/** The row of RETRY_TABLE that governs a failure. */
export function retryRowFor(input: Pick<RetryInput, 'outcome' | 'httpStatus' | 'networkCode'>): RetryRow {
  const rows = RETRY_TABLE[input.outcome]
  const row = rows.find(
    (r) =>
      (r.statuses === undefined || (input.httpStatus !== null && r.statuses.includes(input.httpStatus))) &&
      (r.networkCodes === undefined || (input.networkCode !== null && r.networkCodes.has(input.networkCode)))
  )
  // Every outcome's last row has no filter, so this only guards against an edited table.
  return row ?? rows[rows.length - 1]!
}

/**
 * Whether the table retries an HTTP status on the same target at all: what map-error puts in a
 * ProviderError's `retryable` (and so in the ErrorData a door shows), read from the table itself.
 */
export function isRetryableStatus(status: number): boolean {
  return retryRowFor({ outcome: outcomeOfStatus(status), httpStatus: status, networkCode: null }).retries !== 0
}

/** Retry the same target, move to the next, or stop: what the table says about this failed try. */
export function decideRetry(input: RetryInput, options: RetryOptions): RetryDecision {
  const row = retryRowFor(input)
  const label = input.httpStatus === null ? input.outcome : `${input.outcome} (${input.httpStatus})`
  const perRow = input.hasNextTarget ? row.retries : (row.retriesWhenLast ?? row.retries)
  const allowed = Math.min(perRow === 'max' ? options.maxRetries : perRow, options.maxRetries)
  if (input.tryNo > allowed) {
    const why = allowed === 0 ? row.why : `${row.why}; ${allowed} ${allowed === 1 ? 'retry' : 'retries'} used`
    return row.then === 'stop' ? { action: 'stop', reason: `${label}: ${why}` } : { action: 'next-target', reason: `${label}: ${why}` }
  }
  if (row.honoursRetryAfter && input.retryAfterMs !== null) {
    if (input.retryAfterMs > options.maxRetryAfterMs) {
      return { action: 'next-target', reason: `${label}: the server asked to wait ${input.retryAfterMs} ms, over the ${options.maxRetryAfterMs} ms cap` }
    }
    const delayMs = serverDelay(input.retryAfterMs)
    return { action: 'retry', delayMs, reason: `${label}: retry ${input.tryNo} of ${allowed} after ${delayMs} ms, as the server asked` }
  }
  const delayMs = backoffDelay(input.tryNo, options)
  return { action: 'retry', delayMs, reason: `${label}: retry ${input.tryNo} of ${allowed} after ${delayMs} ms backoff` }
}
