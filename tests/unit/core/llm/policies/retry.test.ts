import { createServer, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ProviderError } from '../../../../../electron/core/llm/errors'
import { createProvider } from '../../../../../electron/core/llm/providers/create-provider'
import { classify, type ClassifiedFailure } from '../../../../../electron/core/llm/policies/classify'
import { TargetFailedError, isTargetFailedError, retryPolicy, type RetryPolicyOptions } from '../../../../../electron/core/llm/policies/retry'

const live = (): AbortSignal => new AbortController().signal

function options(extra: Partial<RetryPolicyOptions> = {}): RetryPolicyOptions {
  return {
    maxRetries: 2,
    baseDelayMs: 250,
    maxDelayMs: 4000,
    maxRetryAfterMs: 10_000,
    random: () => 0.5,
    hasNextTarget: true,
    classify: (err, signal) => classify(err, { signal, tokensReceived: false }),
    ...extra
  }
}

const status = (code: number, retryAfterMs: number | null = null) =>
  new ProviderError({ provider: 'p', failure: 'http', status: code, retryAfterMs, message: `status ${code}` })

/** An fn that fails with each error in turn, then succeeds. */
function script(...errors: unknown[]) {
  const calls: number[] = []
  const fn = vi.fn(async () => {
    calls.push(Date.now())
    const next = errors.shift()
    if (next !== undefined) throw next
    return 'answer'
  })
  return { fn, calls }
}

async function rejection(p: Promise<unknown>): Promise<TargetFailedError> {
  const err = await p.then(
    () => new Error('resolved'),
    (e: unknown) => e
  )
  expect(isTargetFailedError(err), String(err)).toBe(true)
  return err as TargetFailedError
}

describe('retryPolicy', () => {
  afterEach(() => vi.useRealTimers())

  it('retries a 503 after the backoff wait and reports each failed try with its wait', async () => {
    vi.useFakeTimers()
    const { fn, calls } = script(status(503), status(503))
    const retries: Array<[ClassifiedFailure['outcome'], number, number]> = []
    const result = retryPolicy(options({ onRetry: (f, delay, tryNo) => retries.push([f.outcome, delay, tryNo]) })).execute(fn, live())
    await vi.runAllTimersAsync()
    await expect(result).resolves.toBe('answer')
    // random() = 0.5: half of 250, then half of 500.
    expect(retries).toEqual([
      ['http-5xx', 125, 1],
      ['http-5xx', 250, 2]
    ])
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 125, 375])
  })

  it('gives up after maxRetries and throws the last failure with the decision to move on', async () => {
    vi.useFakeTimers()
    const last = status(500)
    const { fn } = script(status(500), status(500), last)
    const result = rejection(retryPolicy(options()).execute(fn, live()))
    await vi.runAllTimersAsync()
    const err = await result
    expect(err).toMatchObject({ tryNo: 3, phase: 'try', decision: { action: 'next-target' }, failure: { outcome: 'http-5xx', httpStatus: 500 } })
    expect(err.cause).toBe(last)
    expect(fn).toHaveBeenCalledTimes(3)
  })

  it('waits exactly the Retry-After within the cap', async () => {
    vi.useFakeTimers()
    const { fn } = script(status(429, 2000))
    const result = retryPolicy(options()).execute(fn, live())
    await vi.advanceTimersByTimeAsync(1999)
    expect(fn).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fn).toHaveBeenCalledTimes(2)
    await expect(result).resolves.toBe('answer')
  })

  it('moves on at once, without waiting, when Retry-After is beyond the cap', async () => {
    vi.useFakeTimers()
    const { fn } = script(status(429, 30_000))
    const err = await rejection(retryPolicy(options()).execute(fn, live()))
    expect(err.decision).toMatchObject({ action: 'next-target' })
    expect(vi.getTimerCount()).toBe(0)
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('never retries a 401', async () => {
    const { fn } = script(status(401))
    const err = await rejection(retryPolicy(options()).execute(fn, live()))
    expect(err).toMatchObject({ tryNo: 1, decision: { action: 'next-target' }, failure: { outcome: 'http-4xx' } })
  })

  it('cancels a pending retry wait at once on abort and makes no further request', async () => {
    vi.useFakeTimers()
    const controller = new AbortController()
    const { fn } = script(status(429, 5000))
    const onRetry = vi.fn()
    const result = rejection(retryPolicy(options({ onRetry })).execute(fn, controller.signal))
    await vi.advanceTimersByTimeAsync(100)
    expect(onRetry).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'http-429' }), 5000, 1)
    controller.abort()
    // No timer advance: the rejection must not wait for the 5 s.
    const err = await result
    expect(err).toMatchObject({ phase: 'wait', tryNo: 1, decision: { action: 'stop' }, failure: { outcome: 'aborted' } })
    await vi.runAllTimersAsync()
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('stops without retrying when the try itself was aborted', async () => {
    const controller = new AbortController()
    const fn = vi.fn(async () => {
      controller.abort()
      throw new ProviderError({ provider: 'p', failure: 'aborted', message: 'stopped' })
    })
    const err = await rejection(retryPolicy(options()).execute(fn, controller.signal))
    expect(err).toMatchObject({ phase: 'try', decision: { action: 'stop' }, failure: { outcome: 'aborted' } })
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('passes the caller signal to every try', async () => {
    const signal = live()
    const seen: AbortSignal[] = []
    await retryPolicy(options({ random: () => 0 })).execute(async (s) => {
      seen.push(s)
      if (seen.length < 2) throw status(502)
      return 1
    }, signal)
    expect(seen).toEqual([signal, signal])
  })
})

describe('retryPolicy failover on a refused connection (real adapter, real socket)', () => {
  // How fast the failover is, in ms, is a figure for `npm run bench` (failover.bench.test.ts); here: no retry and no wait.
  it('moves to the next target at once, without retrying or waiting', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve))
    const provider = createProvider({ id: 'openai', kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: async () => 'sk-test' })
    const drain = async (signal: AbortSignal) => {
      for await (const _ of provider.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], signal }));
    }
    await drain(live()).catch(() => {}) // warm the SDK's lazy imports, which are not failover latency

    const onRetry = vi.fn()
    const err = await rejection(retryPolicy(options({ onRetry })).execute(drain, live()))
    expect(onRetry).not.toHaveBeenCalled()
    expect(err).toMatchObject({ tryNo: 1, decision: { action: 'next-target' }, failure: { outcome: 'network', networkCode: 'ECONNREFUSED' } })
  })

  it('tries a refused last target once more', async () => {
    const refused = new ProviderError({ provider: 'p', failure: 'network', networkCode: 'ECONNREFUSED', message: 'refused' })
    const { fn } = script(refused, refused)
    const err = await rejection(retryPolicy(options({ hasNextTarget: false, random: () => 0 })).execute(fn, live()))
    expect(fn).toHaveBeenCalledTimes(2)
    expect(err.tryNo).toBe(2)
  })
})
