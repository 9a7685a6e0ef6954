import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../../../../electron/core/llm/errors'
import { currentAttempt } from '../../../../electron/core/llm/policies/attempt-context'
import { createBulkheads, type Bulkheads } from '../../../../electron/core/llm/policies/bulkhead'
import { createCircuitBreakers, type CircuitBreakers } from '../../../../electron/core/llm/policies/circuit-breaker'
import { classify } from '../../../../electron/core/llm/policies/classify'
import { composePolicies, type Policy } from '../../../../electron/core/llm/policies/policy'
import { createRateLimiter, type RateLimiter } from '../../../../electron/core/llm/policies/rate-limiter'
import { isTargetFailedError, retryPolicy } from '../../../../electron/core/llm/policies/retry'
import { runTarget, targetPolicy, type TargetInput, type TryState } from '../../../../electron/core/llm/run-try'
import type { ChatProvider, StreamChunk } from '../../../../electron/core/llm/types'
import { createBreakerStore } from '../../../../electron/core/store/breaker-store'
import { createBucketStore } from '../../../../electron/core/store/bucket-store'
import { migrate } from '../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../electron/core/store/open-database'
import type { ProviderLimits } from '../../../../shared/types/settings'
import { manualClock } from './policies/circuit-breaker-fixture'
import { useTempDir } from '../store/temp-dir'

const path = useTempDir()
const opened: Database.Database[] = []
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close()
})

const target = { provider: 'openai', model: 'gpt-4o' }
const unlimited: ProviderLimits = { requestsPerMinute: null, tokensPerMinute: null, maxConcurrent: 1 }
const timeouts = { connectMs: 60_000, firstTokenMs: 60_000, idleMs: 60_000, totalMs: 60_000 }
const live = () => new AbortController().signal

/** The real policies on a real database, each wrapped to write its name into `log` as it is entered. */
function stack(log: string[], failureThreshold = 5) {
  const clock = manualClock()
  const db = openDatabase(path('workbench.sqlite'))
  opened.push(db)
  migrate(db)
  const enters = (name: string, policy: Policy): Policy => ({
    execute(fn, signal) {
      log.push(name)
      return policy.execute(fn, signal)
    }
  })
  const realBreakers = createCircuitBreakers(createBreakerStore(db), { failureThreshold }, clock.now)
  const realLimiter = createRateLimiter({ store: createBucketStore(db), now: clock.now, maxWaitMs: 0 })
  const realBulkheads = createBulkheads()
  const breakers: CircuitBreakers = { ...realBreakers, policy: (t) => enters('breaker', realBreakers.policy(t)) }
  const rateLimiter: RateLimiter = { ...realLimiter, policy: (...args) => enters('rate limit', realLimiter.policy(...args)) }
  const bulkheads: Bulkheads = { ...realBulkheads, policy: (...args) => enters('bulkhead', realBulkheads.policy(...args)) }
  return { deps: { breakers, rateLimiter, bulkheads, now: clock.now }, realBreakers, realLimiter, realBulkheads }
}

/** A provider that answers with each script in turn: an error to throw, or the chunks to stream. */
function provider(log: string[], bulkheads: Bulkheads, ...scripts: Array<Error | StreamChunk[]>): ChatProvider {
  return {
    id: 'openai',
    kind: 'openai',
    async *stream() {
      // Where the stream runs says which layers hold it: the timeout's attempt context and the bulkhead's slot.
      log.push(`stream (timeout ${currentAttempt() ? 'armed' : 'absent'}, ${bulkheads.stats('openai').inFlight} slot held)`)
      const next = scripts.shift() ?? []
      if (next instanceof Error) throw next
      yield* next
    },
    listModels: async () => []
  }
}

function input(log: string[], adapter: ChatProvider, limits: ProviderLimits = unlimited): TargetInput & { current: () => TryState } {
  let state: TryState = { startedAt: 0, text: '', firstTokenMs: null, usage: null, finishReason: null }
  const retry = retryPolicy({
    maxRetries: 2,
    baseDelayMs: 0,
    maxDelayMs: 0,
    maxRetryAfterMs: 0,
    random: () => 0,
    hasNextTarget: true,
    classify: (err, signal) => classify(err, { signal, tokensReceived: state.text.length > 0 }),
    onTry: (tryNo) => {
      log.push(`retry: try ${tryNo}`)
      state = { startedAt: 0, text: '', firstTokenMs: null, usage: null, finishReason: null }
    }
  })
  return { provider: adapter, target, history: [{ role: 'user', content: 'hi' }], limits, timeouts, priority: 'interactive', signal: live(), onText: () => {}, retry, state: () => state, current: () => state }
}

const http503 = () => new ProviderError({ provider: 'openai', failure: 'http', status: 503, message: 'overloaded' })
const answer: StreamChunk[] = [
  { type: 'text', text: 'hello' },
  { type: 'usage', inputTokens: 10, outputTokens: 5 },
  { type: 'finish', reason: 'stop' }
]

describe('composePolicies', () => {
  it('nests the first policy outermost and hands each layer the signal the one outside gave it', async () => {
    const log: string[] = []
    const narrowed = new AbortController().signal
    const layer = (name: string, signal?: AbortSignal): Policy => ({
      async execute(fn, s) {
        log.push(`${name} in`)
        try {
          return await fn(signal ?? s)
        } finally {
          log.push(`${name} out`)
        }
      }
    })
    const seen = await composePolicies([layer('a'), layer('b', narrowed), layer('c')]).execute(async (s) => s, live())
    expect(log).toEqual(['a in', 'b in', 'c in', 'c out', 'b out', 'a out'])
    expect(seen).toBe(narrowed)
  })
})

describe('targetPolicy, the one composition the client runs', () => {
  it('nests retry, breaker, rate limit, bulkhead and timeout in that order', async () => {
    const log: string[] = []
    const named = (name: string): Policy => ({
      execute(fn, s) {
        log.push(name)
        return fn(s)
      }
    })
    await targetPolicy({ timeout: named('timeout'), bulkhead: named('bulkhead'), rateLimit: named('rate limit'), breaker: named('breaker'), retry: named('retry') }).execute(
      async () => log.push('try'),
      live()
    )
    expect(log).toEqual(['retry', 'breaker', 'rate limit', 'bulkhead', 'timeout', 'try'])
  })

  it('enters the real policies in that order on every try, the stream under the timeout and inside a slot', async () => {
    const log: string[] = []
    const { deps, realBulkheads } = stack(log)
    const run = input(log, provider(log, realBulkheads, http503(), answer))
    await runTarget(deps, run)
    const oneTry = ['breaker', 'rate limit', 'bulkhead', 'stream (timeout armed, 1 slot held)']
    expect(log).toEqual(['retry: try 1', ...oneTry, 'retry: try 2', ...oneTry])
    expect(run.current()).toMatchObject({ text: 'hello', usage: { inputTokens: 10, outputTokens: 5 }, finishReason: 'stop' })
    expect(realBulkheads.stats('openai')).toEqual({ inFlight: 0, queued: 0 })
  })

  it('skips a target whose breaker is open before taking any rate-limit token or slot', async () => {
    const log: string[] = []
    const { deps, realBreakers, realLimiter, realBulkheads } = stack(log, 1)
    realBreakers.record(target, 'http-5xx', 'down', false)
    const limits = { requestsPerMinute: 5, tokensPerMinute: null, maxConcurrent: 1 }
    const err = await runTarget(deps, input(log, provider(log, realBulkheads, answer), limits)).catch((e: unknown) => e)
    expect(isTargetFailedError(err) && err.failure.outcome).toBe('breaker-open')
    expect(log).toEqual(['retry: try 1', 'breaker'])
    expect(realLimiter.available('openai', limits).requests).toBe(5)
  })

  it('ends the retries when the breaker opens between tries', async () => {
    const log: string[] = []
    const { deps, realBulkheads } = stack(log, 1)
    const err = await runTarget(deps, input(log, provider(log, realBulkheads, http503(), answer))).catch((e: unknown) => e)
    expect(isTargetFailedError(err) && err.failure.outcome).toBe('breaker-open')
    expect(log).toEqual(['retry: try 1', 'breaker', 'rate limit', 'bulkhead', 'stream (timeout armed, 1 slot held)', 'retry: try 2', 'breaker'])
  })

  it('refuses at our own rate limit before the bulkhead, and settles the tokens with the usage the provider reported', async () => {
    const log: string[] = []
    const { deps, realLimiter, realBulkheads } = stack(log)
    const limits = { requestsPerMinute: 1, tokensPerMinute: 1000, maxConcurrent: 1 }
    await runTarget(deps, input(log, provider(log, realBulkheads, answer), limits))
    // 15 tokens used (10 in, 5 out), whatever the estimate was.
    expect(realLimiter.available('openai', limits)).toEqual({ requests: 0, tokens: 985 })
    log.length = 0
    const err = await runTarget(deps, input(log, provider(log, realBulkheads, answer), limits)).catch((e: unknown) => e)
    expect(isTargetFailedError(err) && err.failure.outcome).toBe('rate-limited')
    expect(log).toEqual(['retry: try 1', 'breaker', 'rate limit'])
  })
})
