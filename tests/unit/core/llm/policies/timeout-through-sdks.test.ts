import { afterEach, describe, expect, it } from 'vitest'
import type { Timeouts } from '../../../../../shared/types/settings'
import { createProvider } from '../../../../../electron/core/llm/providers/create-provider'
import { currentAttempt, instrumentFetch } from '../../../../../electron/core/llm/policies/attempt-context'
import { classify } from '../../../../../electron/core/llm/policies/classify'
import { timeoutPolicy } from '../../../../../electron/core/llm/policies/timeout'
import type { BaseScript } from '../../../../fakes/faults'
import { HARNESSES, TURNS, type AnyFake } from '../providers/harness'

// Small limits keep the suite fast; connect < first token so a missed header mark shows as 'connect'.
const LIMITS: Timeouts = { connectMs: 250, firstTokenMs: 500, idleMs: 300, totalMs: 5000 }

describe.each(HARNESSES)('timeouts through the real $name client', (h) => {
  let fake: AnyFake
  afterEach(async () => fake?.close())

  /** Streams through the adapter under the timeout policy, as the resilient client does. */
  async function run(script: Partial<BaseScript>, limits: Timeouts = LIMITS) {
    fake = await h.start({ apiKey: 'sk-test-key', ...script })
    const fetchesInAttempt: boolean[] = []
    const fetch = instrumentFetch(((input, init) => {
      fetchesInAttempt.push(currentAttempt() !== undefined)
      return globalThis.fetch(input, init)
    }) as typeof globalThis.fetch)
    const provider = createProvider({ id: h.kind, kind: h.kind, baseUrl: fake.baseUrl, apiKey: async () => 'sk-test-key', fetch })
    const caller = new AbortController()
    let text = ''
    const started = Date.now()
    try {
      await timeoutPolicy(limits).execute(async (signal) => {
        for await (const chunk of provider.stream({ model: h.model, messages: TURNS, signal })) {
          if (chunk.type === 'text') {
            currentAttempt()?.markChunk()
            text += chunk.text
          }
        }
      }, caller.signal)
      return { failure: null, text, elapsed: Date.now() - started, fetchesInAttempt }
    } catch (err) {
      return { failure: classify(err, { signal: caller.signal, tokensReceived: text !== '' }), text, elapsed: Date.now() - started, fetchesInAttempt }
    }
  }

  it('streams an answer within the limits, its fetch running inside the attempt', async () => {
    const result = await run({ reply: ['a', 'b', 'c'], tokenDelayMs: 100 })
    expect(result.failure).toBeNull()
    expect(result.text).toBe('abc')
    expect(result.fetchesInAttempt).toEqual([true])
  })

  it('times out with timeout-connect when the server sends nothing, and hangs up', async () => {
    const result = await run({ faults: [{ stallBeforeFirstByteMs: Number.POSITIVE_INFINITY }] })
    expect(result.failure).toMatchObject({ outcome: 'timeout-connect', errorCode: 'timeout_connect' })
    expect(result.elapsed).toBeGreaterThanOrEqual(245)
    expect(result.elapsed).toBeLessThan(1500)
    await expect(fake.requests[0]!.outcome).resolves.toBe('client-closed')
  })

  it('times out with timeout-first-token when headers arrive but the first token is slow', async () => {
    // Headers come at once, so only an instrumented fetch inside the attempt keeps this from being 'connect'.
    const result = await run({ tokenDelayMs: 2000 })
    expect(result.failure).toMatchObject({ outcome: 'timeout-first-token' })
    expect(result.elapsed).toBeGreaterThanOrEqual(495)
    expect(result.elapsed).toBeLessThan(1500)
    await expect(fake.requests[0]!.outcome).resolves.toBe('client-closed')
  })

  it('times out with timeout-idle when the stream stalls after a token, keeping that token', async () => {
    const result = await run({ reply: ['first', ' second'], faults: [{ stallAfterTokens: 1 }] })
    expect(result.failure).toMatchObject({ outcome: 'timeout-idle' })
    expect(result.text).toBe('first')
    await expect(fake.requests[0]!.outcome).resolves.toBe('client-closed')
  })
})
