import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isProviderError } from '../../../../../electron/core/llm/errors'
import { RateLimitedError } from '../../../../../electron/core/llm/policies/rate-limited-error'
import {
  createRateLimiter,
  type BucketStore,
  type RateLease,
  type RateLimited,
  type RateLimiterOptions
} from '../../../../../electron/core/llm/policies/rate-limiter'
import { createBucketStore } from '../../../../../electron/core/store/bucket-store'
import { migrate } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import type { ProviderLimits } from '../../../../../shared/types/settings'
import { useTempDir } from '../../store/temp-dir'

const path = useTempDir()
const opened: Database.Database[] = []

beforeEach(() => {
  vi.useFakeTimers({ now: 0 })
})
afterEach(() => {
  vi.useRealTimers()
  for (const db of opened.splice(0)) if (db.open) db.close()
})

function connect(): { db: Database.Database; store: BucketStore } {
  const db = openDatabase(path('workbench.sqlite'))
  opened.push(db)
  migrate(db)
  return { db, store: createBucketStore(db) }
}

/** A limiter on the real SQLite store; time is vitest's fake clock, so sleeps cost nothing. */
function limiter(options: Partial<RateLimiterOptions> = {}) {
  return createRateLimiter({ store: connect().store, now: () => Date.now(), ...options })
}

const limits = (requestsPerMinute: number | null, tokensPerMinute: number | null): ProviderLimits => ({
  requestsPerMinute,
  tokensPerMinute,
  maxConcurrent: 4
})

/** Watches a promise without awaiting it, so a test can ask whether it has settled yet. */
function watch<T>(promise: Promise<T>): { value?: T; error?: unknown; done: boolean } {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false }
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error: unknown) => Object.assign(state, { error, done: true })
  )
  return state
}

const signal = () => new AbortController().signal
const isLease = (x: RateLease | RateLimited | undefined): x is RateLease => x !== undefined && !('limited' in x)

describe('rate limiter', () => {
  it('grants at once while the buckets have room', async () => {
    const rl = limiter()
    const got = await rl.acquire('openai', limits(60, 1000), 100, 'interactive', signal())
    expect(isLease(got)).toBe(true)
    expect(rl.available('openai', limits(60, 1000))).toEqual({ requests: 59, tokens: 900 })
    expect(rl.queueDepth('openai')).toBe(0)
  })

  it('queues a request until the bucket has refilled, then grants it', async () => {
    const rl = limiter({ maxWaitMs: 120_000 })
    await rl.acquire('anthropic', limits(1, null), 0, 'interactive', signal())
    const second = watch(rl.acquire('anthropic', limits(1, null), 0, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(59_999)
    expect(second.done).toBe(false)
    expect(rl.queueDepth('anthropic')).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(isLease(second.value)).toBe(true)
    expect(rl.queueDepth('anthropic')).toBe(0)
  })

  it('turns a request away after 30 s of wait by default', async () => {
    const rl = limiter()
    await rl.acquire('openai', limits(1, null), 0, 'interactive', signal())
    // One request per minute refills in 60 s.
    expect(await rl.acquire('openai', limits(1, null), 0, 'interactive', signal())).toEqual({ limited: true, provider: 'openai', waitMs: 60_000 })
    const slower = limiter()
    await slower.acquire('p', limits(2, null), 0, 'interactive', signal())
    await slower.acquire('p', limits(2, null), 0, 'interactive', signal())
    // Two per minute refill one in 30 s: just allowed.
    const fits = watch(slower.acquire('p', limits(2, null), 0, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(30_000)
    expect(isLease(fits.value)).toBe(true)
  })

  it('returns RateLimited at once, taking nothing, when the wait would exceed maxWaitMs', async () => {
    const rl = limiter({ maxWaitMs: 30_000 })
    await rl.acquire('openai', limits(null, 600), 600, 'interactive', signal())
    // 400 tokens at 10 per second is 40 s away.
    const got = watch(rl.acquire('openai', limits(null, 600), 400, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(0)
    expect(got.value).toEqual({ limited: true, provider: 'openai', waitMs: 40_000 })
    expect(rl.queueDepth('openai')).toBe(0)
    // 200 tokens (20 s) fits the allowed wait.
    const fits = watch(rl.acquire('openai', limits(null, 600), 200, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(20_000)
    expect(isLease(fits.value)).toBe(true)
  })

  it('lets an interactive request jump ahead of queued background work, first come first served within each', async () => {
    const rl = limiter({ maxWaitMs: 600_000 })
    const oneASecond = limits(60, null)
    for (let i = 0; i < 60; i++) await rl.acquire('openai', oneASecond, 0, 'background', signal())
    const order: string[] = []
    const queue = (name: string, priority: 'interactive' | 'background') =>
      void rl.acquire('openai', oneASecond, 0, priority, signal()).then(() => order.push(name))
    queue('background 1', 'background')
    queue('background 2', 'background')
    await vi.advanceTimersByTimeAsync(500)
    queue('interactive 1', 'interactive')
    queue('interactive 2', 'interactive')
    expect(rl.queueDepth('openai')).toBe(4)
    await vi.advanceTimersByTimeAsync(500)
    expect(order).toEqual(['interactive 1'])
    await vi.advanceTimersByTimeAsync(3000)
    expect(order).toEqual(['interactive 1', 'interactive 2', 'background 1', 'background 2'])
  })

  it('lets a stopped request leave the queue at once, and the next one take its turn', async () => {
    const rl = limiter()
    await rl.acquire('openai', limits(60, null), 0, 'interactive', signal())
    for (let i = 0; i < 59; i++) await rl.acquire('openai', limits(60, null), 0, 'interactive', signal())
    const stop = new AbortController()
    const stopped = watch(rl.acquire('openai', limits(60, null), 0, 'interactive', stop.signal))
    const next = watch(rl.acquire('openai', limits(60, null), 0, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(100)
    stop.abort()
    await vi.advanceTimersByTimeAsync(0)
    expect(stopped.done).toBe(true)
    expect(isProviderError(stopped.error) && stopped.error.failure).toBe('aborted')
    expect(rl.queueDepth('openai')).toBe(1)
    await vi.advanceTimersByTimeAsync(900)
    expect(isLease(next.value)).toBe(true)
  })

  it('serves a small interactive request at once while a large background one waits for its tokens', async () => {
    const rl = limiter()
    const tpm = limits(null, 600)
    await rl.acquire('openai', tpm, 600, 'background', signal())
    const large = watch(rl.acquire('openai', tpm, 200, 'background', signal()))
    await vi.advanceTimersByTimeAsync(1_000)
    const small = watch(rl.acquire('openai', tpm, 10, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(0)
    expect(isLease(small.value)).toBe(true)
    expect(large.done).toBe(false)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(isLease(large.value)).toBe(true)
  })

  it('lets the next request go as soon as a stopped one no longer holds it back', async () => {
    const rl = limiter()
    const tpm = limits(null, 600)
    await rl.acquire('openai', tpm, 600, 'interactive', signal())
    const stop = new AbortController()
    void rl.acquire('openai', tpm, 200, 'interactive', stop.signal).catch(() => {})
    const small = watch(rl.acquire('openai', tpm, 10, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(1_000)
    expect(small.done).toBe(false)
    stop.abort()
    await vi.advanceTimersByTimeAsync(0)
    expect(isLease(small.value)).toBe(true)
  })

  it('refuses an already stopped request without touching the buckets', async () => {
    const rl = limiter()
    const stop = new AbortController()
    stop.abort()
    await expect(rl.acquire('openai', limits(1, null), 0, 'interactive', stop.signal)).rejects.toMatchObject({ failure: 'aborted' })
    expect(rl.available('openai', limits(1, null)).requests).toBe(1)
  })

  it('serves a queued request after the one ahead when both fit within the allowed wait', async () => {
    const rl = limiter({ maxWaitMs: 30_000 })
    await rl.acquire('openai', limits(null, 600), 600, 'interactive', signal())
    const head = watch(rl.acquire('openai', limits(null, 600), 100, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(5_000)
    // Behind a head needing 5 s more, then 250 tokens of its own (25 s): 30 s in all, just allowed.
    const behind = watch(rl.acquire('openai', limits(null, 600), 250, 'background', signal()))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(isLease(head.value)).toBe(true)
    await vi.advanceTimersByTimeAsync(24_999)
    expect(behind.done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(isLease(behind.value)).toBe(true)
  })

  it('turns a queued request away as soon as its own wait after the one ahead would be too long', async () => {
    const rl = limiter({ maxWaitMs: 30_000 })
    await rl.acquire('openai', limits(null, 600), 600, 'interactive', signal())
    const head = watch(rl.acquire('openai', limits(null, 600), 100, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(5_000)
    // 260 tokens after the head is 26 s from when the head goes, 31 s after it asked.
    const behind = watch(rl.acquire('openai', limits(null, 600), 260, 'background', signal()))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(isLease(head.value)).toBe(true)
    expect(behind.value).toEqual({ limited: true, provider: 'openai', waitMs: 26_000 })
    expect(rl.queueDepth('openai')).toBe(0)
  })

  it('takes a request and its tokens together or not at all', async () => {
    const rl = limiter({ maxWaitMs: 0 })
    const both = limits(60, 600)
    await rl.acquire('openai', both, 550, 'interactive', signal())
    const got = await rl.acquire('openai', both, 100, 'interactive', signal())
    expect(got).toEqual({ limited: true, provider: 'openai', waitMs: 5000 })
    expect(rl.available('openai', both)).toEqual({ requests: 59, tokens: 50 })
  })

  it('corrects the token bucket from the real usage, once', async () => {
    const rl = limiter()
    const tpm = limits(null, 1000)
    const lease = await rl.acquire('openai', tpm, 500, 'interactive', signal())
    if (!isLease(lease)) throw new Error('expected a lease')
    lease.settle(100)
    expect(rl.available('openai', tpm).tokens).toBe(900)
    lease.settle(900)
    expect(rl.available('openai', tpm).tokens).toBe(900)
  })

  it('leaves a debt when the usage exceeded the estimate, and the next request waits it out', async () => {
    const rl = limiter({ maxWaitMs: 0 })
    const tpm = limits(null, 600)
    const lease = await rl.acquire('openai', tpm, 100, 'interactive', signal())
    if (!isLease(lease)) throw new Error('expected a lease')
    lease.settle(800)
    expect(rl.available('openai', tpm).tokens).toBe(0)
    // 600 - 800 = -200; 10 tokens more is 210 tokens at 10 per second away.
    expect(await rl.acquire('openai', tpm, 10, 'interactive', signal())).toEqual({ limited: true, provider: 'openai', waitMs: 21_000 })
  })

  it('clamps an estimate above the bucket, so the request goes once the bucket is full and its usage is charged after', async () => {
    const rl = limiter({ maxWaitMs: 600_000 })
    const tpm = limits(null, 1000)
    await rl.acquire('openai', tpm, 200, 'interactive', signal())
    const big = watch(rl.acquire('openai', tpm, 5000, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(11_999)
    expect(big.done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    if (!isLease(big.value)) throw new Error('expected a lease')
    big.value.settle(5000)
    expect(rl.available('openai', tpm).tokens).toBe(0)
    // It took the whole bucket (1000) but used 5000: a debt of 4000 tokens, 4 minutes at 1000 a minute.
    const next = watch(rl.acquire('openai', tpm, 0, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(239_999)
    expect(next.done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(isLease(next.value)).toBe(true)
  })

  it('shares its buckets with a limiter on another connection to the same data directory', async () => {
    const app = limiter()
    const cli = limiter({ maxWaitMs: 0 })
    await app.acquire('openai', limits(2, null), 0, 'interactive', signal())
    await app.acquire('openai', limits(2, null), 0, 'interactive', signal())
    expect(cli.available('openai', limits(2, null)).requests).toBe(0)
    expect(await cli.acquire('openai', limits(2, null), 0, 'interactive', signal())).toMatchObject({ limited: true })
  })

  it('keeps providers apart', async () => {
    const rl = limiter({ maxWaitMs: 0 })
    await rl.acquire('openai', limits(1, null), 0, 'interactive', signal())
    expect(isLease(await rl.acquire('anthropic', limits(1, null), 0, 'interactive', signal()))).toBe(true)
  })

  it('does no storage I/O at all when the provider has no limits', async () => {
    const { store } = connect()
    let calls = 0
    const counting: BucketStore = {
      take: (...args) => (calls++, store.take(...args)),
      takeAll: (...args) => (calls++, store.takeAll(...args)),
      adjust: (...args) => (calls++, store.adjust(...args)),
      peek: (...args) => (calls++, store.peek(...args))
    }
    const rl = createRateLimiter({ store: counting })
    const none = limits(null, null)
    const lease = await rl.acquire('ollama', none, 10_000, 'background', signal())
    if (!isLease(lease)) throw new Error('expected a lease')
    lease.settle(20_000)
    expect(rl.available('ollama', none)).toEqual({ requests: null, tokens: null })
    expect(rl.queueDepth('ollama')).toBe(0)
    expect(calls).toBe(0)
    await rl.acquire('openai', limits(5, null), 0, 'interactive', signal())
    expect(calls).toBe(1)
  })

  it('fails a queued request with the storage error instead of leaving it waiting', async () => {
    const { db, store } = connect()
    const rl = createRateLimiter({ store, now: () => Date.now() })
    await rl.acquire('openai', limits(60, null), 0, 'interactive', signal())
    for (let i = 0; i < 59; i++) await rl.acquire('openai', limits(60, null), 0, 'interactive', signal())
    const queued = watch(rl.acquire('openai', limits(60, null), 0, 'interactive', signal()))
    await vi.advanceTimersByTimeAsync(0)
    db.close()
    await vi.advanceTimersByTimeAsync(1000)
    expect(queued.error).toBeInstanceOf(Error)
    expect(rl.queueDepth('openai')).toBe(0)
  })

  describe('as a policy', () => {
    it('runs the call once granted and settles from the usage it reports', async () => {
      const rl = limiter()
      const tpm = limits(null, 1000)
      let used: number | null = null
      const result = await rl.policy('openai', tpm, 500, 'interactive', undefined, () => used).execute(async () => {
        used = 300
        return 'answer'
      }, signal())
      expect(result).toBe('answer')
      expect(rl.available('openai', tpm).tokens).toBe(700)
    })

    it('throws RateLimitedError without running the call, after telling onLimited', async () => {
      const rl = limiter({ maxWaitMs: 0 })
      await rl.acquire('openai', limits(1, null), 0, 'interactive', signal())
      const seen: RateLimited[] = []
      let ran = false
      const attempt = rl.policy('openai', limits(1, null), 0, 'interactive', (l) => seen.push(l)).execute(async () => {
        ran = true
      }, signal())
      await expect(attempt).rejects.toBeInstanceOf(RateLimitedError)
      await expect(attempt).rejects.toMatchObject({ code: 'rate_limited', provider: 'openai', waitMs: 60_000 })
      expect(seen).toEqual([{ limited: true, provider: 'openai', waitMs: 60_000 }])
      expect(ran).toBe(false)
    })
  })
})
