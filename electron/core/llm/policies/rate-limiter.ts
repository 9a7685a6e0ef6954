import type { ProviderLimits } from '../../../../shared/types/settings'
import { ProviderError } from '../errors'
import { realSleep, type Policy, type Priority, type Sleep } from './policy'
import { PriorityQueue } from './priority-queue'
import { RateLimitedError } from './rate-limited-error'

/** The outcome of taking from buckets: granted, or how long until enough will have refilled. */
export interface BucketGrant {
  granted: boolean
  waitMs: number
}

/** take()'s outcome, with the tokens left in the bucket afterwards. */
export interface BucketTake extends BucketGrant {
  available: number
}

/** One bucket to take from in takeAll(). */
export interface BucketRequest {
  key: string
  capacity: number
  refillPerMs: number
  amount: number
}

/** Token buckets shared by every process on one data directory (bucket-store.ts keeps them in SQLite). */
export interface BucketStore {
  /**
   * Refills the bucket for the time elapsed, then takes amount if it is all there, atomically; otherwise
   * takes nothing and returns the wait until it will be. An amount above capacity is clamped to capacity.
   */
  take(key: string, capacity: number, refillPerMs: number, amount: number, now: number): BucketTake
  /** The same over several buckets in one transaction: all are taken or none; waitMs is the longest wait. */
  takeAll(requests: readonly BucketRequest[], now: number): BucketGrant
  /** Corrects a bucket once the real usage is known; may leave it negative so the next requests wait. */
  adjust(key: string, delta: number, now: number): void
  /** Tokens in the bucket at now, changing nothing (for the health view). */
  peek(key: string, capacity: number, refillPerMs: number, now: number): number
}

/** Permission to send; settle() corrects the token bucket from the usage the provider reported. No `limited` key: `'limited' in result` tells the two apart. */
export interface RateLease {
  settle(actualTokens: number): void
}

/** Sending now would have meant waiting longer than maxWaitMs: the caller moves to its next target. */
export interface RateLimited {
  readonly limited: true
  readonly provider: string
  /** How long this process would have had to wait for the buckets (at least). */
  readonly waitMs: number
}

export interface RateLimiterOptions {
  store: BucketStore
  now?: () => number
  sleep?: Sleep
  /** Longer waits than this return RateLimited at once instead of queueing. */
  maxWaitMs?: number
}

/** Client-side requests-per-minute and tokens-per-minute limits per provider; see createRateLimiter. */
export interface RateLimiter {
  /**
   * Takes 1 request and `estimate` tokens (both or neither), waiting in this process's queue when
   * they are not there yet; RateLimited instead when that wait would exceed maxWaitMs. Rejects with
   * a ProviderError (failure 'aborted') the moment the signal fires while queued.
   */
  acquire(provider: string, limits: ProviderLimits, estimate: number, priority: Priority, signal: AbortSignal): Promise<RateLease | RateLimited>
  /** Callers of acquire waiting in this process. */
  queueDepth(provider: string): number
  /** Whole requests and tokens in the buckets now; null where the limit is off. */
  available(provider: string, limits: ProviderLimits): { requests: number | null; tokens: number | null }
  /** acquire() as a Policy; throws RateLimitedError (after onLimited) instead of waiting too long. */
  policy(provider: string, limits: ProviderLimits, estimate: number, priority: Priority, onLimited?: (limited: RateLimited) => void, actualTokens?: () => number | null): Policy
}

/** Beyond this, trying the route's next target beats waiting for our own limit. */
export const DEFAULT_MAX_RATE_WAIT_MS = 30_000
const MINUTE_MS = 60_000

interface Waiter {
  readonly limits: ProviderLimits
  readonly charge: number
  readonly deadline: number
  readonly done: (result: RateLease | RateLimited | Error) => void
}

interface Lane {
  readonly rpmKey: string
  readonly tpmKey: string
  readonly queue: PriorityQueue<Waiter>
  pumping: boolean
  /** Aborted to cut the pump's sleep short when the head of the queue changes. */
  wake: AbortController | null
}

const UNLIMITED: RateLease = { settle() {} }

/** What a request takes from the tpm bucket: never more than it holds, or it would wait forever. */
function chargeFor(limits: ProviderLimits, estimate: number): number {
  const tpm = limits.tokensPerMinute
  const tokens = Number.isFinite(estimate) ? Math.max(0, Math.ceil(estimate)) : 0
  return tpm === null ? tokens : Math.min(tokens, tpm)
}

function abortedWhileQueued(provider: string): ProviderError {
  return new ProviderError({ provider, failure: 'aborted', message: `The request to ${provider} was stopped while waiting for its rate limit.` })
}

/**
 * Token buckets per provider (capacity = one minute's worth, refilled continuously) shared across
 * processes through the store. Callers that must wait queue in this process, interactive first,
 * and the head of the queue retries when its wait is over. Limits both null touch no store at all.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { store } = options
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? realSleep
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_RATE_WAIT_MS
  const lanes = new Map<string, Lane>()

  const laneOf = (provider: string): Lane => {
    let lane = lanes.get(provider)
    if (!lane) {
      lane = { rpmKey: `${provider}:rpm`, tpmKey: `${provider}:tpm`, queue: new PriorityQueue(), pumping: false, wake: null }
      lanes.set(provider, lane)
    }
    return lane
  }

  const tryTake = (lane: Lane, limits: ProviderLimits, charge: number, t: number): BucketGrant => {
    const rpm = limits.requestsPerMinute
    const tpm = limits.tokensPerMinute
    if (rpm !== null && tpm !== null) {
      return store.takeAll(
        [
          { key: lane.rpmKey, capacity: rpm, refillPerMs: rpm / MINUTE_MS, amount: 1 },
          { key: lane.tpmKey, capacity: tpm, refillPerMs: tpm / MINUTE_MS, amount: charge }
        ],
        t
      )
    }
    if (rpm !== null) return store.take(lane.rpmKey, rpm, rpm / MINUTE_MS, 1, t)
    return store.take(lane.tpmKey, tpm ?? 0, (tpm ?? 0) / MINUTE_MS, charge, t)
  }

  const lease = (lane: Lane, limits: ProviderLimits, charge: number): RateLease => {
    if (limits.tokensPerMinute === null) return UNLIMITED
    let settled = false
    return {
      settle(actualTokens) {
        if (settled || !Number.isFinite(actualTokens) || actualTokens < 0) return
        settled = true
        // Against what was taken (the clamped charge), so an oversized request leaves its real debt.
        const delta = charge - actualTokens
        // Under one token is noise from the estimate, not worth a write.
        if (Math.abs(delta) >= 1) store.adjust(lane.tpmKey, delta, now())
      }
    }
  }

  const limited = (provider: string, waitMs: number): RateLimited => ({ limited: true, provider, waitMs })

  /** Serves the queue head by head until it is empty; one pump per provider at a time. */
  const pump = async (provider: string, lane: Lane, firstWaitMs: number): Promise<void> => {
    lane.pumping = true
    let wait = firstWaitMs
    while (lane.queue.size > 0) {
      if (wait > 0) {
        const wake = new AbortController()
        lane.wake = wake
        await sleep(wait, wake.signal)
        lane.wake = null
        wait = 0
        continue
      }
      const head = lane.queue.peek() as Waiter
      const t = now()
      let grant: BucketGrant
      try {
        grant = tryTake(lane, head.limits, head.charge, t)
      } catch (err) {
        lane.queue.shift()
        head.done(err instanceof Error ? err : new Error(String(err)))
        continue
      }
      if (grant.granted) {
        lane.queue.shift()
        head.done(lease(lane, head.limits, head.charge))
        continue
      }
      // Everyone behind the head waits at least as long: whoever cannot afford that leaves now.
      for (const waiter of lane.queue.toArray()) {
        if (t + grant.waitMs > waiter.deadline) {
          lane.queue.remove(waiter)
          waiter.done(limited(provider, grant.waitMs))
        }
      }
      wait = grant.waitMs
    }
    lane.pumping = false
  }

  const acquire: RateLimiter['acquire'] = async (provider, limits, estimate, priority, signal) => {
    if (limits.requestsPerMinute === null && limits.tokensPerMinute === null) return UNLIMITED
    if (signal.aborted) throw abortedWhileQueued(provider)
    const lane = laneOf(provider)
    const charge = chargeFor(limits, estimate)
    const start = now()
    let firstWaitMs = 0
    if (lane.queue.size === 0) {
      const grant = tryTake(lane, limits, charge, start)
      if (grant.granted) return lease(lane, limits, charge)
      if (grant.waitMs > maxWaitMs) return limited(provider, grant.waitMs)
      firstWaitMs = grant.waitMs
    }
    return new Promise<RateLease | RateLimited>((resolve, reject) => {
      const onAbort = () => {
        const wasHead = lane.queue.peek() === waiter
        if (!lane.queue.remove(waiter)) return
        if (wasHead) lane.wake?.abort()
        reject(abortedWhileQueued(provider))
      }
      const waiter: Waiter = {
        limits,
        charge,
        deadline: start + maxWaitMs,
        done(result) {
          signal.removeEventListener('abort', onAbort)
          if (result instanceof Error) reject(result)
          else resolve(result)
        }
      }
      signal.addEventListener('abort', onAbort, { once: true })
      lane.queue.push(waiter, priority)
      // A new head may need less than the old one was waiting for: let the pump look again.
      if (!lane.pumping) void pump(provider, lane, firstWaitMs)
      else if (lane.queue.peek() === waiter) lane.wake?.abort()
    })
  }

  return {
    acquire,
    queueDepth: (provider) => lanes.get(provider)?.queue.size ?? 0,
    available(provider, limits) {
      const rpm = limits.requestsPerMinute
      const tpm = limits.tokensPerMinute
      const t = now()
      const lane = rpm === null && tpm === null ? null : laneOf(provider)
      const level = (key: string, perMinute: number) => Math.max(0, Math.floor(store.peek(key, perMinute, perMinute / MINUTE_MS, t)))
      return {
        requests: rpm === null || !lane ? null : level(lane.rpmKey, rpm),
        tokens: tpm === null || !lane ? null : level(lane.tpmKey, tpm)
      }
    },
    policy(provider, limits, estimate, priority, onLimited, actualTokens) {
      return {
        async execute(fn, signal) {
          const got = await acquire(provider, limits, estimate, priority, signal)
          if ('limited' in got) {
            onLimited?.(got)
            throw new RateLimitedError(got.provider, got.waitMs)
          }
          try {
            return await fn(signal)
          } finally {
            const used = actualTokens?.()
            if (used !== null && used !== undefined) got.settle(used)
          }
        }
      }
    }
  }
}
