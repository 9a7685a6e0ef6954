import { afterEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../../../../../electron/core/llm/errors'
import { createProvider } from '../../../../../electron/core/llm/providers/create-provider'
import { WorkbenchError } from '../../../../../shared/errors'
import { BreakerOpenError } from '../../../../../electron/core/llm/policies/circuit-breaker-open-error'
import { classify, outcomeOfStatus } from '../../../../../electron/core/llm/policies/classify'
import { RateLimitedError } from '../../../../../electron/core/llm/policies/rate-limited-error'
import { AttemptTimeoutError } from '../../../../../electron/core/llm/policies/timeout'
import type { StreamChunk } from '../../../../../electron/core/llm/types'
import { startFakeAnthropic } from '../../../../fakes/fake-anthropic'
import { startFakeOpenAI, type FakeOpenAI } from '../../../../fakes/fake-openai'
import type { Fault } from '../../../../fakes/faults'

const live = (): AbortSignal => new AbortController().signal
const before = { signal: live(), tokensReceived: false }
const after = { signal: live(), tokensReceived: true }

function providerError(init: Partial<ConstructorParameters<typeof ProviderError>[0]>): ProviderError {
  return new ProviderError({ provider: 'p', failure: 'http', message: 'm', ...init })
}

describe('classify', () => {
  it("calls it 'aborted' when the caller's signal fired, whatever was thrown", () => {
    const stopped = AbortSignal.abort()
    expect(classify(providerError({ failure: 'timeout' }), { signal: stopped, tokensReceived: true })).toMatchObject({ outcome: 'aborted', errorCode: 'aborted' })
    expect(classify(new Error('anything'), { signal: stopped, tokensReceived: false }).outcome).toBe('aborted')
    expect(classify(providerError({ failure: 'aborted' }), before).outcome).toBe('aborted')
  })

  it('does not take a timeout-aborted signal for a user stop', () => {
    const timedOut = AbortSignal.abort(new AttemptTimeoutError('idle', 30_000))
    expect(classify(new AttemptTimeoutError('idle', 30_000), { signal: timedOut, tokensReceived: true }).outcome).toBe('timeout-idle')
  })

  it.each([
    ['connect', 'timeout-connect'],
    ['first-token', 'timeout-first-token'],
    ['idle', 'timeout-idle'],
    ['total', 'timeout-total']
  ] as const)('maps an AttemptTimeoutError of kind %s to %s', (kind, outcome) => {
    const failure = classify(new AttemptTimeoutError(kind, 5000), before)
    expect(failure).toMatchObject({ outcome, httpStatus: null, errorCode: `timeout_${kind.replace('-', '_')}` })
    expect(failure.message).toContain('5 s')
  })

  it.each([
    ['timeout_connect', 'timeout-connect'],
    ['timeout_first_token', 'timeout-first-token'],
    ['timeout_idle', 'timeout-idle'],
    ['timeout_total', 'timeout-total'],
    ['provider_timeout', 'timeout-total']
  ])("maps a timeout ProviderError coded %s to %s", (code, outcome) => {
    expect(classify(providerError({ failure: 'timeout', code }), before).outcome).toBe(outcome)
  })

  it('maps statuses: 429, 5xx and 529, context length, other 4xx', () => {
    expect(classify(providerError({ status: 429, retryAfterMs: 2000 }), before)).toMatchObject({ outcome: 'http-429', httpStatus: 429, retryAfterMs: 2000, errorCode: 'http_429' })
    expect(classify(providerError({ status: 503 }), before).outcome).toBe('http-5xx')
    expect(classify(providerError({ status: 529 }), before).outcome).toBe('http-5xx')
    expect(classify(providerError({ status: 400, code: 'context_length' }), before)).toMatchObject({ outcome: 'context-length', httpStatus: 400 })
    for (const status of [400, 401, 403, 404, 408, 409, 422]) expect(classify(providerError({ status }), before)).toMatchObject({ outcome: 'http-4xx', httpStatus: status })
  })

  it('maps a network failure to network before any token and to stream-broken after', () => {
    const reset = providerError({ failure: 'network', networkCode: 'ECONNRESET' })
    expect(classify(reset, before)).toMatchObject({ outcome: 'network', networkCode: 'ECONNRESET' })
    expect(classify(reset, after)).toMatchObject({ outcome: 'stream-broken', networkCode: 'ECONNRESET' })
    const incomplete = providerError({ failure: 'network', code: 'stream_incomplete' })
    expect(classify(incomplete, before).outcome).toBe('network')
    expect(classify(incomplete, after).outcome).toBe('stream-broken')
  })

  it('maps an in-stream error by whether it can pass, and to stream-broken after tokens', () => {
    const overloaded = providerError({ code: 'stream_error', retryable: true })
    expect(classify(overloaded, before).outcome).toBe('http-5xx')
    expect(classify(providerError({ code: 'stream_error', retryable: false }), before).outcome).toBe('http-4xx')
    expect(classify(overloaded, after).outcome).toBe('stream-broken')
  })

  it('maps protocol and config errors, and a garbled frame after tokens to stream-broken', () => {
    expect(classify(providerError({ failure: 'protocol' }), before).outcome).toBe('protocol')
    expect(classify(providerError({ failure: 'protocol' }), after).outcome).toBe('stream-broken')
    expect(classify(providerError({ failure: 'config', code: 'missing_api_key' }), before)).toMatchObject({ outcome: 'config', errorCode: 'missing_api_key' })
  })

  it('maps anything else to protocol with its message', () => {
    expect(classify(new RangeError('weird'), before)).toEqual({ outcome: 'protocol', message: 'weird', httpStatus: null, errorCode: null, retryAfterMs: null, networkCode: null })
    expect(classify('a string', before).message).toBe('a string')
  })

  it("turns our own refusals into skips: an open breaker, our rate limit, a full bulkhead queue; the user's Stop still wins", () => {
    expect(classify(new BreakerOpenError('openai:gpt-4o', 'open', 5), before)).toMatchObject({ outcome: 'breaker-open', errorCode: 'breaker_open', httpStatus: null })
    expect(classify(new RateLimitedError('openai', 45_000), before)).toMatchObject({ outcome: 'rate-limited', errorCode: 'rate_limited' })
    expect(classify(new WorkbenchError('bulkhead_full', '64 requests are already waiting'), before)).toMatchObject({ outcome: 'rate-limited', errorCode: 'bulkhead_full' })
    const stopped = new AbortController()
    stopped.abort()
    expect(classify(new RateLimitedError('openai', 45_000), { signal: stopped.signal, tokensReceived: false }).outcome).toBe('aborted')
  })

  it('files each HTTP status under the outcome whose retry-table rows cover it', () => {
    expect([429, 500, 503, 529, 400, 408, 409, 413].map(outcomeOfStatus)).toEqual(['http-429', 'http-5xx', 'http-5xx', 'http-5xx', 'http-4xx', 'http-4xx', 'http-4xx', 'http-4xx'])
  })
})

describe('classify, on what the real adapters throw', () => {
  let fake: FakeOpenAI | null = null
  afterEach(async () => fake?.close())

  async function failOpenAI(fault: Fault, extra: Partial<FakeOpenAI['script']> = {}): Promise<{ error: unknown; tokens: boolean }> {
    fake = await startFakeOpenAI({ faults: [fault], ...extra })
    const provider = createProvider({ id: 'openai', kind: 'openai', baseUrl: fake.baseUrl, apiKey: async () => 'sk-test' })
    let tokens = false
    try {
      for await (const chunk of provider.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], signal: live() })) {
        if ((chunk as StreamChunk).type === 'text') tokens = true
      }
    } catch (error) {
      return { error, tokens }
    }
    throw new Error('the stream did not fail')
  }

  it('reads status and Retry-After of a 429', async () => {
    const { error, tokens } = await failOpenAI({ status: 429, retryAfterMs: 1500 })
    expect(classify(error, { signal: live(), tokensReceived: tokens })).toMatchObject({ outcome: 'http-429', httpStatus: 429, retryAfterMs: 1500 })
  })

  it('calls a reset after two tokens a broken stream', async () => {
    const { error, tokens } = await failOpenAI({ resetAfterTokens: 2 }, { reply: ['a', 'b', 'c'] })
    expect(tokens).toBe(true)
    expect(classify(error, { signal: live(), tokensReceived: tokens }).outcome).toBe('stream-broken')
  })

  it("maps Anthropic's 529 overloaded to http-5xx", async () => {
    const anthropic = await startFakeAnthropic({ faults: [{ status: 529 }] })
    try {
      const provider = createProvider({ id: 'anthropic', kind: 'anthropic', baseUrl: anthropic.baseUrl, apiKey: async () => 'k' })
      const error = await (async () => {
        try {
          for await (const _ of provider.stream({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], signal: live() }));
        } catch (e) {
          return e
        }
      })()
      expect(classify(error, before)).toMatchObject({ outcome: 'http-5xx', httpStatus: 529 })
    } finally {
      await anthropic.close()
    }
  })
})
