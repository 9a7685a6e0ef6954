import { describe, expect, it } from 'vitest'
import { estimateTokens } from '../../../../../electron/core/llm/policies/token-estimate'

const turn = (content: string) => ({ role: 'user' as const, content })

describe('token estimate', () => {
  it('counts about four characters per token, a few per message, and 512 for the answer by default', () => {
    // 400 + 40 chars = 110 tokens, 2 messages x 4, 3 for the reply's priming, 512 expected out.
    expect(estimateTokens([turn('x'.repeat(400)), turn('y'.repeat(40))])).toBe(110 + 8 + 3 + 512)
  })

  it('rounds a partial token up', () => {
    expect(estimateTokens([turn('abcde')], 0)).toBe(2 + 4 + 3)
  })

  it('expects the requested maxTokens of output, but reserves no more than 1024', () => {
    expect(estimateTokens([turn('')], 100)).toBe(4 + 3 + 100)
    expect(estimateTokens([turn('')], 100_000)).toBe(4 + 3 + 1024)
  })

  it('grows with the conversation', () => {
    const short = estimateTokens([turn('hello')])
    const long = estimateTokens([turn('hello'), turn('a much longer follow-up question '.repeat(50))])
    expect(long).toBeGreaterThan(short + 400)
  })

  // Its cost per call is a target of `npm run bench` (tests/bench/hot-paths.bench.test.ts), not of this suite.
})
