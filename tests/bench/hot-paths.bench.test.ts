import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { estimateTokens } from '../../electron/core/llm/policies/token-estimate'
import { createScrubber } from '../../electron/core/secrets/scrub'

/**
 * Per-call costs of code that runs on every request or log line. Timing targets live here, in
 * `npm run bench`, not in `npm test`: a shared two-core machine makes any stopwatch in the suite flaky.
 */
describe('hot paths stay cheap', () => {
  it('estimates the tokens of a 200-message conversation in well under a millisecond', () => {
    const history = Array.from({ length: 200 }, (_, i) => ({ role: 'user' as const, content: `message ${i} `.repeat(200) }))
    for (let i = 0; i < 10; i++) estimateTokens(history)
    const started = performance.now()
    for (let i = 0; i < 100; i++) estimateTokens(history)
    const perCallMs = (performance.now() - started) / 100
    console.log(`token estimate, 200 messages: ${perCallMs.toFixed(3)} ms per call`)
    expect(perCallMs).toBeLessThan(1)
  })

  it('scrubs a log line in a few microseconds', () => {
    const scrubber = createScrubber()
    for (let i = 0; i < 10; i++) scrubber.register(`registered-provider-key-${i}-0000000000`)
    const line = '[chat] stream ended for conversation 0b9a6c4e after 812 ms, 143 tokens, finish=stop; retrying none. '.repeat(3)
    for (let i = 0; i < 1_000; i++) scrubber.scrub(line)
    const started = performance.now()
    for (let i = 0; i < 20_000; i++) scrubber.scrub(line)
    const perLineUs = ((performance.now() - started) * 1000) / 20_000
    console.log(`scrubber: ${perLineUs.toFixed(2)} µs per log line`)
    expect(perLineUs).toBeLessThan(100)
  })
})
