import { describe, expect, it } from 'vitest'
import { DEFAULT_TIMEOUTS } from '../../../shared/types/settings'
import { limitsToDraft, parseLimits, parseTimeouts, timeoutsToDraft } from '../../../renderer/src/features/settings/limit-drafts'

describe('timeouts form', () => {
  it('round-trips the defaults through seconds', () => {
    expect(timeoutsToDraft(DEFAULT_TIMEOUTS)).toEqual({ connectMs: '10', firstTokenMs: '60', idleMs: '30', totalMs: '600' })
    expect(parseTimeouts(timeoutsToDraft(DEFAULT_TIMEOUTS))).toEqual({ value: DEFAULT_TIMEOUTS })
    expect(parseTimeouts({ ...timeoutsToDraft(DEFAULT_TIMEOUTS), connectMs: '2.5' })).toMatchObject({ value: { connectMs: 2500 } })
  })

  it('names the field that is empty or out of the schema bounds', () => {
    expect(parseTimeouts({ ...timeoutsToDraft(DEFAULT_TIMEOUTS), idleMs: '' })).toEqual({ problem: 'Idle between chunks: enter a number of seconds.' })
    expect(parseTimeouts({ ...timeoutsToDraft(DEFAULT_TIMEOUTS), totalMs: '0.5' })).toEqual({ problem: 'Total: between 1 and 3600 seconds.' })
    expect(parseTimeouts({ ...timeoutsToDraft(DEFAULT_TIMEOUTS), connectMs: '0.01' })).toMatchObject({ problem: expect.stringMatching(/^Connect/) })
  })
})

describe('limits form', () => {
  it('reads empty rate fields as no limit', () => {
    const draft = limitsToDraft({ requestsPerMinute: null, tokensPerMinute: 90_000, maxConcurrent: 2 })
    expect(draft).toEqual({ requestsPerMinute: '', tokensPerMinute: '90000', maxConcurrent: '2' })
    expect(parseLimits(draft)).toEqual({ value: { requestsPerMinute: null, tokensPerMinute: 90_000, maxConcurrent: 2 } })
  })

  it('refuses fractions, zero and concurrency outside 1..64', () => {
    expect(parseLimits({ requestsPerMinute: '1.5', tokensPerMinute: '', maxConcurrent: '4' })).toMatchObject({ problem: expect.stringMatching(/^Requests per minute/) })
    expect(parseLimits({ requestsPerMinute: '', tokensPerMinute: '0', maxConcurrent: '4' })).toMatchObject({ problem: expect.stringMatching(/^Tokens per minute/) })
    expect(parseLimits({ requestsPerMinute: '', tokensPerMinute: '', maxConcurrent: '65' })).toMatchObject({ problem: expect.stringMatching(/1 to 64/) })
  })
})
