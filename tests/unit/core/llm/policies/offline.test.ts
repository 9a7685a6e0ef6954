import { describe, expect, it } from 'vitest'
import { createOfflineDetector } from '../../../../../electron/core/llm/policies/offline'

const OPENAI = 'api.openai.com'
const ANTHROPIC = 'api.anthropic.com'
const PROXY = 'llm-proxy.example.com'
const BOTH = [OPENAI, ANTHROPIC]
const refused = { outcome: 'network', networkCode: 'ECONNREFUSED' } as const
const noDns = { outcome: 'network', networkCode: 'ENOTFOUND' } as const

function setUp(osOffline = () => false) {
  const clock = { t: 1_000_000 }
  const detector = createOfflineDetector({ now: () => clock.t, osOffline })
  return { clock, detector }
}

describe('the offline detector', () => {
  it('starts online', () => {
    const { detector } = setUp()
    expect(detector.check(BOTH)).toBeNull()
  })

  it('is not offline when one cloud host refuses and another has not failed: that one is still tried', () => {
    const { detector } = setUp()
    detector.report(OPENAI, refused)
    expect(detector.check(BOTH)).toBeNull()
    // Anthropic then answers: still online, and the refusal is forgotten.
    detector.report(ANTHROPIC, 'ok')
    expect(detector.check(BOTH)).toBeNull()
    detector.report(ANTHROPIC, refused)
    expect(detector.check(BOTH)).toBeNull()
  })

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])('is offline when two distinct hosts both failed with %s', (code) => {
    const { clock, detector } = setUp()
    detector.report(OPENAI, { outcome: 'network', networkCode: code })
    clock.t += 50
    detector.report(ANTHROPIC, { outcome: 'network', networkCode: code })
    expect(detector.check(BOTH)).toEqual({ reason: 'cloud-unreachable', since: 1_000_050, hosts: BOTH })
  })

  it('is not offline when the same host failed twice (two providers behind one dead proxy)', () => {
    const { detector } = setUp()
    detector.report(PROXY, refused)
    detector.report(PROXY, noDns)
    expect(detector.check([PROXY, PROXY])).toBeNull()
    expect(detector.check([PROXY])).toBeNull()
  })

  it('judges only the hosts in play: a dead proxy and a dead provider do not take a third one down', () => {
    const { detector } = setUp()
    detector.report(PROXY, refused)
    detector.report(OPENAI, refused)
    expect(detector.check([PROXY, OPENAI])).not.toBeNull()
    expect(detector.check([PROXY, OPENAI, ANTHROPIC])).toBeNull()
  })

  it('stays online while any cloud host answered after the failures, even with an error', () => {
    const { detector } = setUp()
    detector.report(OPENAI, noDns)
    detector.report(PROXY, { outcome: 'http-5xx', networkCode: null })
    detector.report(ANTHROPIC, noDns)
    expect(detector.check(BOTH)).toBeNull()
  })

  it('forgets failures older than the window', () => {
    const { clock, detector } = setUp()
    detector.report(OPENAI, noDns)
    clock.t += 31_000
    detector.report(ANTHROPIC, noDns)
    expect(detector.check(BOTH)).toBeNull()
  })

  it('ignores failures that prove nothing (timeouts, resets)', () => {
    const { detector } = setUp()
    detector.report(OPENAI, { outcome: 'timeout-connect', networkCode: null })
    detector.report(ANTHROPIC, { outcome: 'network', networkCode: 'ECONNRESET' })
    expect(detector.check(BOTH)).toBeNull()
    detector.report(OPENAI, noDns)
    detector.report(ANTHROPIC, noDns)
    detector.report(OPENAI, { outcome: 'timeout-connect', networkCode: null })
    expect(detector.check(BOTH)).not.toBeNull()
  })

  it('lets the cloud be tried again after recheckMs, and one answer clears it', () => {
    const { clock, detector } = setUp()
    detector.report(OPENAI, noDns)
    detector.report(ANTHROPIC, noDns)
    clock.t += 9_999
    expect(detector.check(BOTH)).not.toBeNull()
    clock.t += 1
    expect(detector.check(BOTH)).toBeNull()
    detector.report(OPENAI, 'ok')
    expect(detector.check(BOTH)).toBeNull()
    detector.report(ANTHROPIC, noDns)
    expect(detector.check(BOTH)).toBeNull()
  })

  it('renews the offline spell when the recheck fails again, keeping when it began', () => {
    const { clock, detector } = setUp()
    detector.report(OPENAI, noDns)
    detector.report(ANTHROPIC, noDns)
    const began = clock.t
    clock.t += 10_000
    expect(detector.check(BOTH)).toBeNull()
    // One request rechecks the first host; the failure puts every host of the route offline again.
    detector.report(OPENAI, noDns)
    clock.t += 5_000
    expect(detector.check(BOTH)).toMatchObject({ reason: 'cloud-unreachable', since: began })
  })

  it('is offline while the OS says so, whatever the hosts, polling it at most once a second', () => {
    let calls = 0
    let osOffline = true
    const { clock, detector } = setUp(() => (calls++, osOffline))
    expect(detector.check([])).toEqual({ reason: 'no-network', since: clock.t, hosts: [] })
    expect(detector.check([OPENAI])).toMatchObject({ reason: 'no-network' })
    expect(calls).toBe(1)
    osOffline = false
    clock.t += 1000
    expect(detector.check([OPENAI])).toBeNull()
    expect(calls).toBe(2)
  })

  it('takes the OS state pushed with setOsOffline over polling, until null', () => {
    const { detector } = setUp(() => false)
    detector.setOsOffline(true)
    expect(detector.check(BOTH)).toMatchObject({ reason: 'no-network' })
    detector.setOsOffline(null)
    expect(detector.check(BOTH)).toBeNull()
  })
})
