import { describe, expect, it } from 'vitest'
import { createOfflineDetector, isCloudEndpoint } from '../../../../../electron/core/llm/policies/offline'

const openai = { cloud: true, provider: 'openai' }
const anthropic = { cloud: true, provider: 'anthropic' }
const ollama = { cloud: false, provider: 'ollama' }
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
    expect([detector.isOffline(), detector.since()]).toEqual([false, null])
  })

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])('goes offline when every cloud target tried failed with %s', (code) => {
    const { clock, detector } = setUp()
    detector.report(openai, { outcome: 'network', networkCode: code })
    clock.t += 50
    detector.report(anthropic, { outcome: 'network', networkCode: code })
    expect(detector.isOffline()).toBe(true)
    expect(detector.since()).toBe(1_000_000)
  })

  it('stays online while any cloud target tried in the window answered, even with an error', () => {
    const { detector } = setUp()
    detector.report(anthropic, { outcome: 'http-5xx', networkCode: null })
    detector.report(openai, noDns)
    expect(detector.isOffline()).toBe(false)
  })

  it('forgets answers older than the window', () => {
    const { clock, detector } = setUp()
    detector.report(anthropic, { outcome: 'http-429', networkCode: null })
    clock.t += 31_000
    detector.report(openai, noDns)
    expect(detector.isOffline()).toBe(true)
  })

  it('ignores local targets and failures that prove nothing (timeouts, resets)', () => {
    const { detector } = setUp()
    detector.report(ollama, refused)
    expect(detector.isOffline()).toBe(false)
    detector.report(openai, { outcome: 'timeout-connect', networkCode: null })
    detector.report(openai, { outcome: 'network', networkCode: 'ECONNRESET' })
    expect(detector.isOffline()).toBe(false)
    detector.report(openai, noDns)
    detector.report(openai, { outcome: 'timeout-connect', networkCode: null })
    expect(detector.isOffline()).toBe(true)
  })

  it('lets the cloud be tried again after recheckMs, and one success clears it', () => {
    const { clock, detector } = setUp()
    detector.report(openai, noDns)
    clock.t += 9_999
    expect(detector.isOffline()).toBe(true)
    clock.t += 1
    expect(detector.isOffline()).toBe(false)
    detector.report(openai, 'ok')
    expect([detector.isOffline(), detector.since()]).toEqual([false, null])
    detector.report(anthropic, noDns)
    expect(detector.since()).toBe(clock.t)
  })

  it('renews the offline spell when the re-check fails again, keeping when it began', () => {
    const { clock, detector } = setUp()
    const began = clock.t
    detector.report(openai, noDns)
    clock.t += 10_000
    expect(detector.isOffline()).toBe(false)
    detector.report(openai, noDns)
    clock.t += 5_000
    expect(detector.isOffline()).toBe(true)
    expect(detector.since()).toBe(began)
  })

  it('clears on a cloud success from any target', () => {
    const { detector } = setUp()
    detector.report(openai, noDns)
    detector.report(anthropic, 'ok')
    expect(detector.isOffline()).toBe(false)
  })

  it('is offline while the OS says so, polling it at most once a second', () => {
    let calls = 0
    let osOffline = true
    const { clock, detector } = setUp(() => (calls++, osOffline))
    expect(detector.isOffline()).toBe(true)
    expect(detector.since()).toBe(clock.t)
    detector.isOffline()
    expect(calls).toBe(1)
    osOffline = false
    clock.t += 1000
    expect(detector.isOffline()).toBe(false)
    expect(calls).toBe(2)
  })

  it('takes the OS state pushed with setOsOffline over polling, until null', () => {
    const { detector } = setUp(() => false)
    detector.setOsOffline(true)
    expect(detector.isOffline()).toBe(true)
    detector.setOsOffline(null)
    expect(detector.isOffline()).toBe(false)
  })
})

describe('isCloudEndpoint', () => {
  it.each([
    ['openai', null, true],
    ['anthropic', 'https://api.anthropic.com', true],
    ['openai', 'http://127.0.0.1:4000/v1', true],
    ['anthropic', 'http://localhost:8082', true],
    ['openai-compatible', 'https://openrouter.ai/api/v1', true],
    ['ollama', 'https://ollama.com', false],
    ['ollama', null, false],
    ['openai-compatible', 'http://localhost:1234/v1', false],
    ['openai-compatible', 'http://127.0.0.1:8080/v1', false],
    ['openai-compatible', 'http://[::1]:8080/v1', false],
    ['openai-compatible', 'http://192.168.1.20:8000/v1', false],
    ['openai-compatible', 'http://gpu-box.local:8000/v1', false],
    ['openai-compatible', 'http://172.32.0.1/v1', true]
  ] as const)('%s at %s is cloud: %s', (kind, baseUrl, cloud) => {
    expect(isCloudEndpoint(kind, baseUrl)).toBe(cloud)
  })
})
