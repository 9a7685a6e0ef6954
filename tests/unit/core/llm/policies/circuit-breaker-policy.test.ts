import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../../../../electron/core/llm/errors'
import { BreakerOpenError, createCircuitBreakers, DEFAULT_BREAKER_OPTIONS } from '../../../../../electron/core/llm/policies/circuit-breaker'
import { classify } from '../../../../../electron/core/llm/policies/classify'
import { RateLimitedError } from '../../../../../electron/core/llm/policies/rate-limited-error'
import { manualClock, useBreakerDatabase } from './circuit-breaker-fixture'

const { connect } = useBreakerDatabase()
const target = { provider: 'anthropic', model: 'claude-haiku' }
const key = 'anthropic:claude-haiku'
const live = () => new AbortController().signal
const http = (status: number) => new ProviderError({ provider: 'anthropic', failure: 'http', status, message: `status ${status}` })

describe('circuit breaker policy', () => {
  it('never calls fn while open and throws BreakerOpenError with the state and its end', async () => {
    const clock = manualClock()
    const { breakers } = connect({ failureThreshold: 1 }, clock)
    const policy = breakers.policy(target)
    await expect(policy.execute(() => Promise.reject(http(503)), live())).rejects.toThrow('status 503')
    let calls = 0
    const err = await policy.execute(async () => ++calls, live()).catch((e: unknown) => e)
    expect(calls).toBe(0)
    expect(err).toBeInstanceOf(BreakerOpenError)
    expect(err).toMatchObject({ code: 'breaker_open', retryable: true, target: key, state: 'open', openUntil: clock.now() + 30_000 })
  })

  it('never calls fn while another caller holds the probe', async () => {
    const clock = manualClock()
    const { breakers } = connect({ failureThreshold: 1 }, clock)
    breakers.record(target, 'network', null, false)
    clock.advance(30_000)
    expect(breakers.check(target).probe).toBe(true)
    let calls = 0
    const err = await breakers.policy(target).execute(async () => ++calls, live()).catch((e: unknown) => e)
    expect(calls).toBe(0)
    expect(err).toMatchObject({ state: 'half-open', openUntil: null })
  })

  it('returns what fn returns, passes the signal, and counts a success', async () => {
    const { breakers, store } = connect()
    const signal = live()
    await expect(breakers.policy(target).execute(async (s) => (s === signal ? 'same signal' : 'other'), signal)).resolves.toBe('same signal')
    expect(store.recent(key, 5).map((e) => e.outcome)).toEqual(['ok'])
  })

  it('classifies what fn threw with the injected classifier and rethrows it unchanged', async () => {
    const seen: unknown[] = []
    const { breakers, store } = connect({
      failureThreshold: 2,
      classify: (err) => {
        seen.push(err)
        return { outcome: 'timeout-first-token', message: 'no first token' }
      }
    })
    const thrown = new Error('slow')
    for (let i = 0; i < 2; i++) await expect(breakers.policy(target).execute(() => Promise.reject(thrown), live())).rejects.toBe(thrown)
    expect(seen).toEqual([thrown, thrown])
    expect(store.recent(key, 1)).toEqual([expect.objectContaining({ outcome: 'timeout-first-token', message: 'no first token' })])
    expect(breakers.check(target).state).toBe('open')
  })

  it('closes the breaker when the probe it runs succeeds', async () => {
    const clock = manualClock()
    const { breakers } = connect({ failureThreshold: 1 }, clock)
    breakers.record(target, 'http-5xx', null, false)
    clock.advance(30_000)
    await breakers.policy(target).execute(async () => 'fine', live())
    expect(breakers.check(target).state).toBe('closed')
  })

  it('still returns the result when recording fails, and reports the store error', async () => {
    const { store } = connect()
    const reported: unknown[] = []
    const broken = { ...store, record: () => { throw new Error('disk full') } }
    const breakers = createCircuitBreakers(broken, { onStoreError: (e) => reported.push(e) })
    await expect(breakers.policy(target).execute(async () => 42, live())).resolves.toBe(42)
    expect(reported).toEqual([new Error('disk full')])
  })
})

describe('default classifier', () => {
  const defaultClassify = DEFAULT_BREAKER_OPTIONS.classify

  it('is the one classifier the retry table uses', () => {
    for (const err of [http(503), http(401), new RateLimitedError('anthropic', 60_000), new BreakerOpenError(key, 'open', 1), new Error('?')]) {
      expect(defaultClassify(err, live())).toEqual(classify(err, { signal: live(), tokensReceived: false }))
    }
  })

  it('counts server errors, 429, network, timeouts and protocol errors as failures', () => {
    expect(defaultClassify(http(503), live()).outcome).toBe('http-5xx')
    expect(defaultClassify(http(529), live()).outcome).toBe('http-5xx')
    expect(defaultClassify(http(429), live()).outcome).toBe('http-429')
    expect(defaultClassify(new ProviderError({ provider: 'x', failure: 'network', message: 'reset' }), live())).toMatchObject({ outcome: 'network', message: 'reset' })
    expect(defaultClassify(new ProviderError({ provider: 'x', failure: 'timeout', message: 't' }), live()).outcome).toBe('timeout-total')
    expect(defaultClassify(new ProviderError({ provider: 'x', failure: 'protocol', message: 'p' }), live()).outcome).toBe('protocol')
  })

  it('treats client errors, a Stop and a skipped breaker as neutral, and unknown errors as protocol failures like the retry table', () => {
    const stopped = new AbortController()
    stopped.abort()
    expect(defaultClassify(http(401), live()).outcome).toBe('http-4xx')
    expect(defaultClassify(http(503), stopped.signal).outcome).toBe('aborted')
    expect(defaultClassify(new BreakerOpenError(key, 'open', 1), live()).outcome).toBe('breaker-open')
    expect(defaultClassify(new TypeError('undefined is not a function'), live()).outcome).toBe('protocol')
  })
})
