import { describe, expect, it } from 'vitest'
import { failureRateText, leftOf, offlineText, reopensText } from '../../../renderer/src/features/health/health-format'

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

  it('says why the cloud is skipped: no network, or which cloud hosts were all unreachable', () => {
    const time = (at: number) => `t${at}`
    const online = { offline: false, offlineSince: null, offlineReason: null, unreachableHosts: [] }
    expect(offlineText(online, time)).toBeNull()
    expect(offlineText({ offline: true, offlineSince: 5, offlineReason: 'no-network', unreachableHosts: [] }, time)).toMatch(/^Offline since t5: this machine reports no network\. .*still tried\.$/)
    const hosts = { offline: true, offlineSince: 7, offlineReason: 'cloud-unreachable' as const, unreachableHosts: ['api.openai.com', 'api.anthropic.com'] }
    expect(offlineText(hosts, time)).toContain('Offline since t7: every cloud host was unreachable (api.openai.com, api.anthropic.com)')
  })
})
