import { describe, expect, it } from 'vitest'
import { continuedWith, liveStatus, summarizeAttempts, switchLabel } from '../../../renderer/src/features/attempts/attempt-summary'
import { outcomeText } from '../../../renderer/src/features/attempts/attempt-wording'
import { attempt } from './fixtures'

const openai = { provider: 'openai', model: 'gpt-4o-mini' }
const anthropic = { provider: 'anthropic', model: 'claude-haiku' }
const ollama = { provider: 'ollama', model: 'llama3.2:1b' }

describe('served badge', () => {
  it('shows no badge, only the target, when the first target answered at once', () => {
    expect(summarizeAttempts([attempt({ tier: 0, ...openai })], 0, false)).toEqual({ served: 'openai:gpt-4o-mini', badge: null })
  })

  it('names the serving target and why each earlier one was passed over', () => {
    const attempts = [
      attempt({ tier: 0, ...openai, outcome: 'timeout-first-token' }),
      attempt({ tier: 1, ...anthropic, outcome: 'breaker-open' }),
      attempt({ tier: 2, ...ollama })
    ]
    expect(summarizeAttempts(attempts, 2, false).badge).toBe('served by ollama:llama3.2:1b · openai timed out before answering, anthropic breaker open')
  })

  it('counts retries on the serving target', () => {
    const attempts = [
      attempt({ tier: 0, ...openai, try: 1, outcome: 'http-429', httpStatus: 429, retryWaitMs: 1000 }),
      attempt({ tier: 0, ...openai, try: 2, outcome: 'http-5xx', httpStatus: 503, retryWaitMs: 2000 }),
      attempt({ tier: 0, ...openai, try: 3 })
    ]
    expect(summarizeAttempts(attempts, 0, false).badge).toBe('served by openai:gpt-4o-mini after 2 retries')
  })

  it('counts the tries of a target that never answered, and says when none did', () => {
    const attempts = [
      attempt({ tier: 0, ...openai, try: 1, outcome: 'http-5xx', httpStatus: 503 }),
      attempt({ tier: 0, ...openai, try: 2, outcome: 'http-5xx', httpStatus: 502 }),
      attempt({ tier: 1, ...anthropic, outcome: 'offline' })
    ]
    expect(summarizeAttempts(attempts, null, false)).toEqual({
      served: null,
      badge: 'no target answered · openai server error (502) ×2, anthropic skipped: offline'
    })
    expect(summarizeAttempts(attempts, null, true).badge).toMatch(/^so far · /)
  })

  it('names whole targets when two of them share a provider', () => {
    const attempts = [attempt({ tier: 0, ...openai, outcome: 'network' }), attempt({ tier: 1, provider: 'openai', model: 'gpt-4o' })]
    expect(summarizeAttempts(attempts, 1, false).badge).toBe('served by openai:gpt-4o · openai:gpt-4o-mini unreachable')
  })
})

describe('outcome wording', () => {
  it('reads the way the table says, with the status where it helps', () => {
    expect(outcomeText({ outcome: 'http-5xx', httpStatus: 503 })).toBe('server error (503)')
    expect(outcomeText({ outcome: 'http-429', httpStatus: 429 })).toBe('rate-limited (429)')
    expect(outcomeText({ outcome: 'timeout-idle', httpStatus: null })).toBe('went quiet')
    expect(outcomeText({ outcome: 'rate-limited', httpStatus: null })).toBe('skipped: our rate limit')
    expect(outcomeText({ outcome: 'aborted', httpStatus: null })).toBe('stopped')
  })
})

describe('live status and switch markers', () => {
  const plan = ['openai:gpt-4o-mini', 'anthropic:claude-haiku', 'ollama:llama3.2:1b']

  it('says which target is tried next after a failure, or how long it waits to retry', () => {
    expect(liveStatus([attempt({ tier: 0, ...openai, outcome: 'timeout-connect' })], plan)).toBe('openai could not connect in time — trying anthropic…')
    expect(liveStatus([attempt({ tier: 0, ...openai, outcome: 'http-429', httpStatus: 429, retryWaitMs: 2500 })], plan)).toBe(
      'openai rate-limited (429) — retrying in 2.5 s…'
    )
    expect(liveStatus([attempt({ tier: 0, ...openai, outcome: 'network' })], undefined)).toBe('openai unreachable — trying the next target…')
    expect(liveStatus([attempt({ tier: 0, ...openai })], plan)).toBeNull()
  })

  it('labels a broken answer with the target that took over', () => {
    const broken = attempt({ tier: 0, ...openai, outcome: 'stream-broken', partialText: 'The answer' })
    const skipped = attempt({ tier: 1, ...anthropic, outcome: 'breaker-open' })
    const served = attempt({ tier: 2, ...ollama })
    // While streaming, the plan tells who runs after the last recorded tier.
    expect(continuedWith([broken, skipped], broken, null, true, plan)).toBe('ollama:llama3.2:1b')
    expect(continuedWith([broken, skipped, served], broken, 'ollama:llama3.2:1b', false, plan)).toBe('ollama:llama3.2:1b')
    expect(switchLabel(broken, 'ollama:llama3.2:1b', false)).toBe('openai:gpt-4o-mini broke off here — continued with ollama:llama3.2:1b')
    expect(switchLabel(broken, null, false)).toBe('openai:gpt-4o-mini broke off here')
  })
})
