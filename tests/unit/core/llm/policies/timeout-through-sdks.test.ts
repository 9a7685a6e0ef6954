import { afterEach, describe, expect, it } from 'vitest'
import type { Timeouts } from '../../../../../shared/types/settings'
import { createProvider } from '../../../../../electron/core/llm/providers/create-provider'
import { currentAttempt, instrumentFetch } from '../../../../../electron/core/llm/policies/attempt-context'
import { classify } from '../../../../../electron/core/llm/policies/classify'
import { timeoutPolicy } from '../../../../../electron/core/llm/policies/timeout'
import type { BaseScript } from '../../../../fakes/faults'
import { manualTimers, until, type ManualTimers } from '../../../../support/manual-timers'
import { HARNESSES, TURNS, type AnyFake } from '../providers/harness'

// connect < first token so a missed header mark shows as 'connect'. The policy runs on a clock the
// test moves only once the real I/O has reached the point under test: a slow machine delays the
// sockets, never the verdict.
const LIMITS: Timeouts = { connectMs: 250, firstTokenMs: 500, idleMs: 300, totalMs: 5000 }

/** What the test can see of the attempt while it runs, to decide when to move the clock. */
interface Progress {
  clock: ManualTimers
  /** True once the SDK's fetch has returned response headers. */
  headers: () => boolean
  text: () => string
  /** True once the policy has let the attempt end, either way. */
  settled: () => boolean
}

describe.each(HARNESSES)('timeouts through the real $name client', (h) => {
  let fake: AnyFake
  afterEach(async () => fake?.close())

  /** Streams through the adapter under the timeout policy, as the resilient client does, while `drive` moves the clock. */
  async function run(script: Partial<BaseScript>, drive: (p: Progress) => Promise<void> = async () => {}) {
    fake = await h.start({ apiKey: 'sk-test-key', ...script })
    const clock = manualTimers()
    const fetchesInAttempt: boolean[] = []
    let headers = false
    const fetch = instrumentFetch((async (input, init) => {
      fetchesInAttempt.push(currentAttempt() !== undefined)
      const response = await globalThis.fetch(input, init)
      headers = true
      return response
    }) as typeof globalThis.fetch)
    const provider = createProvider({ id: h.kind, kind: h.kind, baseUrl: fake.baseUrl, apiKey: async () => 'sk-test-key', fetch })
    const caller = new AbortController()
    let text = ''
    const attempt = timeoutPolicy(LIMITS, clock).execute(async (signal) => {
      for await (const chunk of provider.stream({ model: h.model, messages: TURNS, signal })) {
        if (chunk.type === 'text') {
          currentAttempt()?.markChunk()
          text += chunk.text
        }
      }
    }, caller.signal)
    let settled = false
    attempt.then(
      () => (settled = true),
      () => (settled = true)
    )
    const driving = drive({ clock, headers: () => headers, text: () => text, settled: () => settled })
    try {
      await attempt
      return { failure: null, text, fetchesInAttempt, clock }
    } catch (err) {
      return { failure: classify(err, { signal: caller.signal, tokensReceived: text !== '' }), text, fetchesInAttempt, clock }
    } finally {
      await driving
    }
  }

  /** Lets the instrumented fetch's own mark run before the clock moves past a deadline. */
  const settle = () => new Promise((resolve) => setImmediate(resolve))

  it('streams an answer within the limits, its fetch running inside the attempt', async () => {
    const result = await run({ reply: ['a', 'b', 'c'], tokenDelayMs: 20 })
    expect(result.failure).toBeNull()
    expect(result.text).toBe('abc')
    expect(result.fetchesInAttempt).toEqual([true])
    expect(result.clock.pending(), 'the policy left a timer behind').toBe(0)
  })

  it('times out with timeout-connect when the server sends nothing, and hangs up', async () => {
    const result = await run({ faults: [{ stallBeforeFirstByteMs: Number.POSITIVE_INFINITY }] }, async ({ clock, settled }) => {
      await until(() => fake.requests.length === 1, 'the request to arrive')
      clock.advance(LIMITS.connectMs - 1)
      await settle()
      expect(settled(), 'timed out before the connect limit').toBe(false)
      clock.advance(1)
    })
    expect(result.failure).toMatchObject({ outcome: 'timeout-connect', errorCode: 'timeout_connect' })
    await expect(fake.requests[0]!.outcome).resolves.toBe('client-closed')
  })

  it('times out with timeout-first-token when headers arrive but the first token is slow', async () => {
    // Headers come at once, so only an instrumented fetch inside the attempt keeps this from being 'connect'.
    const result = await run({ faults: [{ stallAfterTokens: 0 }] }, async ({ clock, headers }) => {
      await until(headers, 'the response headers')
      await settle()
      clock.advance(LIMITS.firstTokenMs)
    })
    expect(result.failure).toMatchObject({ outcome: 'timeout-first-token' })
    await expect(fake.requests[0]!.outcome).resolves.toBe('client-closed')
  })

  it('times out with timeout-idle when the stream stalls after a token, keeping that token', async () => {
    const result = await run({ reply: ['first', ' second'], faults: [{ stallAfterTokens: 1 }] }, async ({ clock, text }) => {
      await until(() => text() === 'first', 'the first token')
      clock.advance(LIMITS.idleMs)
    })
    expect(result.failure).toMatchObject({ outcome: 'timeout-idle' })
    expect(result.text).toBe('first')
    await expect(fake.requests[0]!.outcome).resolves.toBe('client-closed')
  })
})
