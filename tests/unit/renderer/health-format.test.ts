import { describe, expect, it } from 'vitest'
import { failureRateText, leftOf, reopensText } from '../../../renderer/src/features/health/health-format'

describe('health wording', () => {
  it('counts down to a breaker reopening, and says when the next call is the probe', () => {
    expect(reopensText({ state: 'open', openUntil: 25_000 }, 500)).toBe('reopens in 25 s')
    expect(reopensText({ state: 'open', openUntil: 200_000 }, 0)).toBe('reopens in 4 min')
    expect(reopensText({ state: 'open', openUntil: 1_000 }, 2_000)).toBe('probe on the next call')
    expect(reopensText({ state: 'half-open', openUntil: null }, 0)).toBe('letting one probe through')
    expect(reopensText({ state: 'closed', openUntil: null }, 0)).toBeNull()
  })

  it('states failure rates and what is left of a limit', () => {
    expect(failureRateText({ failureRate: 0.25, calls: 8 })).toBe('25 % of 8 calls')
    expect(failureRateText({ failureRate: 0, calls: 0 })).toBe('no calls')
    expect(leftOf(12.7, 60)).toBe('12 of 60')
    expect(leftOf(null, null)).toBe('no limit')
  })
})
