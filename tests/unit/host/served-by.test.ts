import { describe, expect, it } from 'vitest'
import type { Attempt } from '../../../shared/types/domain'
import { servedByNotice } from '../../../electron/host/served-by'

function attempt(tier: number, ref: string, outcome: Attempt['outcome'], httpStatus: number | null = null): Attempt {
  const [provider, ...model] = ref.split(':')
  return { tier, try: 1, provider: provider!, model: model.join(':'), outcome, httpStatus, errorCode: null, message: null, startedAt: 0, latencyMs: 0, firstTokenMs: null, retryWaitMs: 0, partialText: null }
}

describe('servedByNotice', () => {
  it('says nothing when the first target answered, even after a retry there', () => {
    expect(servedByNotice({ provider: 'openai', model: 'gpt-4o-mini', tier: 0, attempts: [attempt(0, 'openai:gpt-4o-mini', 'http-5xx', 503), attempt(0, 'openai:gpt-4o-mini', 'ok')] })).toBeNull()
    expect(servedByNotice({ provider: null, model: null, tier: null, attempts: [] })).toBeNull()
  })

  it('names the target that served and how each earlier one ended', () => {
    const attempts = [
      attempt(0, 'openai:gpt-4o-mini', 'http-5xx', 503),
      attempt(0, 'openai:gpt-4o-mini', 'http-4xx', 401),
      attempt(1, 'anthropic:claude-haiku-4-5', 'breaker-open'),
      attempt(2, 'ollama:llama3.2:1b', 'ok')
    ]
    expect(servedByNotice({ provider: 'ollama', model: 'llama3.2:1b', tier: 2, attempts })).toBe(
      'served by ollama:llama3.2:1b · openai:gpt-4o-mini http-4xx (401), anthropic:claude-haiku-4-5 breaker-open'
    )
  })
})
