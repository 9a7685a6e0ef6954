import type Database from 'better-sqlite3'
import { performance } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../../../../electron/core/llm/policies/rate-limiter'
import { createBucketStore } from '../../../../../electron/core/store/bucket-store'
import { migrate } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import type { ProviderLimits } from '../../../../../shared/types/settings'
import { useTempDir } from '../../store/temp-dir'

const path = useTempDir()
let db: Database.Database | null = null
afterEach(() => db?.close())
const N = 2_000

/** Mean µs per call of fn over N calls, after a short warm-up. */
async function cost(fn: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 100; i++) await fn()
  const start = performance.now()
  for (let i = 0; i < N; i++) await fn()
  return ((performance.now() - start) * 1000) / N
}

describe('rate limiter cost (printed, not asserted: timings vary by machine)', () => {
  it('measures acquire and acquire+settle on a real database file', async () => {
    db = openDatabase(path('cost.sqlite'))
    migrate(db)
    let t = 0
    // A clock that never moves: every take must come out of the bucket, none refilled.
    const rl = createRateLimiter({ store: createBucketStore(db), now: () => t })
    const signal = new AbortController().signal
    const none: ProviderLimits = { requestsPerMinute: null, tokensPerMinute: null, maxConcurrent: 4 }
    const both: ProviderLimits = { requestsPerMinute: 100_000, tokensPerMinute: 100_000_000, maxConcurrent: 4 }

    const unlimited = await cost(async () => {
      await rl.acquire('ollama', none, 1000, 'interactive', signal)
    })
    const limited = await cost(async () => {
      const lease = await rl.acquire('openai', both, 1000, 'interactive', signal)
      if (!('limited' in lease)) lease.settle(900)
    })
    console.log(`rate limiter per request: no limits ${unlimited.toFixed(1)} µs, rpm+tpm acquire+settle ${limited.toFixed(1)} µs`)

    // What the loop must leave behind: one request and 900 tokens taken per call.
    const calls = 100 + N
    expect(rl.available('openai', both)).toEqual({ requests: 100_000 - calls, tokens: 100_000_000 - 900 * calls })
    t = 60_000
    expect(rl.available('openai', both)).toEqual({ requests: 100_000, tokens: 100_000_000 })
  })
})
