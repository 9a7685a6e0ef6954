import type { Timeouts } from '../../../../shared/types/settings'
import { runInAttempt, type AttemptProgress } from './attempt-context'
import type { Policy } from './policy'

/** Which limit an attempt ran into; the AttemptOutcome is `timeout-${kind}`. */
export type TimeoutKind = 'connect' | 'first-token' | 'idle' | 'total'

/**
 * The reason the timeout policy aborts an attempt's signal with, and the error its execute
 * rejects with. Named 'TimeoutError' (as AbortSignal.timeout's reason is) so the adapters'
 * map-error reports a timeout, not a user stop.
 */
export class AttemptTimeoutError extends Error {
  readonly kind: TimeoutKind
  readonly limitMs: number

  constructor(kind: TimeoutKind, limitMs: number) {
    super(describe(kind, limitMs))
    this.name = 'TimeoutError'
    this.kind = kind
    this.limitMs = limitMs
  }
}

export function isAttemptTimeoutError(err: unknown): err is AttemptTimeoutError {
  return err instanceof AttemptTimeoutError
}

/** The timer functions the policy uses; injectable for tests. */
export interface TimeoutClock {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

// Globals are looked up per call so vitest's fake timers (installed after import) apply.
const systemClock: TimeoutClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now()
}

/**
 * Limits one attempt: response headers within connectMs of the start, a first chunk within
 * firstTokenMs of the start, no gap over idleMs between chunks, all of it within totalMs. `fn`
 * runs as the current attempt (attempt-context.ts): instrumentFetch marks headers, the stream
 * reader marks chunks. A limit, or the caller's abort, aborts fn's signal and rejects at once
 * (with AttemptTimeoutError, or the caller's abort reason) without waiting for fn to wind down;
 * fn's late result is dropped. The one timer is cleared whenever the attempt settles.
 */
export function timeoutPolicy(timeouts: Timeouts, clock: TimeoutClock = systemClock): Policy {
  return {
    execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason)
        const controller = new AbortController()
        const start = clock.now()
        let headers = false
        let firstChunk = false
        let lastChunkAt = start
        let timer: unknown = null
        let settled = false

        const settle = (): void => {
          settled = true
          if (timer !== null) clock.clearTimeout(timer)
          timer = null
          signal.removeEventListener('abort', onAbort)
        }
        const onAbort = (): void => {
          if (settled) return
          settle()
          controller.abort(signal.reason)
          reject(signal.reason)
        }
        // One timer, set for the nearest deadline that still applies. Marks only move state, so a
        // chunk costs no timer churn; a timer that wakes before its deadline just re-arms.
        const arm = (): void => {
          timer = null
          if (settled) return
          let at = Number.POSITIVE_INFINITY
          let kind: TimeoutKind = 'total'
          const consider = (deadline: number, k: TimeoutKind): void => {
            if (deadline < at) {
              at = deadline
              kind = k
            }
          }
          if (!headers) consider(start + timeouts.connectMs, 'connect')
          if (!firstChunk) consider(start + timeouts.firstTokenMs, 'first-token')
          else consider(lastChunkAt + timeouts.idleMs, 'idle')
          consider(start + timeouts.totalMs, 'total')
          const wait = at - clock.now()
          if (wait > 0) {
            timer = clock.setTimeout(arm, wait)
            return
          }
          settle()
          const error = new AttemptTimeoutError(kind, limitOf(timeouts, kind))
          controller.abort(error)
          reject(error)
        }
        const progress: AttemptProgress = {
          markHeaders() {
            headers = true
          },
          markChunk() {
            headers = true // a chunk implies headers, even through an uninstrumented fetch
            firstChunk = true
            lastChunkAt = clock.now()
          }
        }

        signal.addEventListener('abort', onAbort, { once: true })
        arm()
        let running: Promise<T>
        try {
          running = runInAttempt(progress, () => fn(controller.signal))
        } catch (err) {
          running = Promise.reject(err)
        }
        running.then(
          (value) => {
            if (settled) return
            settle()
            resolve(value)
          },
          (err: unknown) => {
            if (settled) return
            settle()
            reject(err)
          }
        )
      })
    }
  }
}

function limitOf(t: Timeouts, kind: TimeoutKind): number {
  if (kind === 'connect') return t.connectMs
  if (kind === 'first-token') return t.firstTokenMs
  if (kind === 'idle') return t.idleMs
  return t.totalMs
}

function describe(kind: TimeoutKind, ms: number): string {
  const limit = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
  if (kind === 'connect') return `No response within ${limit} (connect timeout).`
  if (kind === 'first-token') return `The answer did not start within ${limit}.`
  if (kind === 'idle') return `The answer stalled for more than ${limit}.`
  return `The answer took longer than ${limit} in all.`
}
