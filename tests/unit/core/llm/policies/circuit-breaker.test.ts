import { describe, expect, it } from 'vitest'
import type { AttemptOutcome } from '../../../../../shared/types/domain'
import { manualClock, useBreakerDatabase } from './circuit-breaker-fixture'

const { connect } = useBreakerDatabase()
const target = { provider: 'openai', model: 'gpt-4o' }
const key = 'openai:gpt-4o'

/** Breakers with the defaults the issue names; rate-based opening needs 10 calls in 60 s. */
function setup(options = {}) {
  const clock = manualClock()
  const { breakers, store, db } = connect(options, clock)
  const fail = (n = 1, outcome: AttemptOutcome = 'http-5xx') => {
    for (let i = 0; i < n; i++) breakers.record(target, outcome, 'boom', false)
  }
  const openIt = () => {
    fail(5)
    expect(breakers.check(target).state).toBe('open')
  }
  return { clock, breakers, store, db, fail, openIt }
}

describe('circuit breaker transitions', () => {
  it('lets calls through while closed, with one read and no write', () => {
    const { breakers, store } = setup()
    expect(breakers.check(target)).toEqual({ allowed: true, state: 'closed', probe: false, openUntil: null })
    expect(store.list()).toEqual([])
  })

  it('opens after five consecutive failures and skips the target at once', () => {
    const { breakers, clock, fail } = setup()
    fail(4)
    expect(breakers.check(target).allowed).toBe(true)
    fail(1)
    expect(breakers.check(target)).toEqual({ allowed: false, state: 'open', probe: false, openUntil: clock.now() + 30_000 })
  })

  it('counts every failure outcome the same', () => {
    const failures: AttemptOutcome[] = ['timeout-connect', 'timeout-first-token', 'timeout-idle', 'timeout-total', 'http-429', 'http-5xx', 'network', 'stream-broken', 'protocol']
    const { breakers, store } = setup({ failureThreshold: failures.length })
    for (const outcome of failures) breakers.record(target, outcome, null, false)
    expect(store.get(key)?.state).toBe('open')
    expect(store.recent(key, 20).map((e) => e.outcome)).toEqual([...failures].reverse())
  })

  it('resets the consecutive count on a success', () => {
    const { breakers, store, fail } = setup()
    fail(4)
    breakers.record(target, 'ok', null, false)
    expect(store.get(key)?.consecutiveFailures).toBe(0)
    fail(4)
    expect(breakers.check(target).state).toBe('closed')
  })

  it('opens when half of at least ten calls in the window failed', () => {
    const { breakers, fail } = setup({ failureThreshold: 100 })
    for (let i = 0; i < 4; i++) {
      breakers.record(target, 'ok', null, false)
      fail()
    }
    breakers.record(target, 'ok', null, false)
    // 9 calls, 4 failed: too few calls to judge.
    expect(breakers.check(target).state).toBe('closed')
    fail()
    // 10 calls, 5 failed: 0.5 reaches the threshold.
    expect(breakers.check(target).state).toBe('open')
  })

  it('does not open on a failure rate below the threshold or on calls outside the window', () => {
    const { breakers, clock, fail } = setup({ failureThreshold: 100 })
    fail(9)
    clock.advance(60_001)
    for (let i = 0; i < 6; i++) breakers.record(target, 'ok', null, false)
    fail(4)
    // In the window: 10 calls, 4 failed; the 9 older failures have left it.
    expect(breakers.check(target).state).toBe('closed')
  })

  it('changes nothing and writes nothing for neutral outcomes', () => {
    const neutral: AttemptOutcome[] = ['aborted', 'http-4xx', 'context-length', 'config', 'offline', 'breaker-open', 'rate-limited', 'budget']
    const { breakers, store, fail } = setup()
    fail(4)
    const before = store.get(key)
    for (const outcome of neutral) for (let i = 0; i < 5; i++) breakers.record(target, outcome, 'x', false)
    expect(store.get(key)).toEqual(before)
    expect(store.window(key, 0)).toEqual({ calls: 4, failures: 4 })
    expect(breakers.check(target).state).toBe('closed')
  })

  it('becomes half-open after the cool-down and lets only the first caller probe', () => {
    const { breakers, clock, openIt } = setup()
    openIt()
    clock.advance(29_999)
    expect(breakers.check(target).allowed).toBe(false)
    clock.advance(1)
    expect(breakers.check(target)).toEqual({ allowed: true, state: 'half-open', probe: true, openUntil: null })
    expect(breakers.check(target)).toEqual({ allowed: false, state: 'half-open', probe: false, openUntil: null })
  })

  it('closes on a successful probe and goes back to the base cool-down', () => {
    const { breakers, store, clock, openIt } = setup()
    openIt()
    clock.advance(30_000)
    breakers.record(target, 'http-5xx', null, breakers.check(target).probe)
    clock.advance(60_000)
    breakers.record(target, 'ok', null, breakers.check(target).probe)
    expect(store.get(key)).toMatchObject({ state: 'closed', consecutiveFailures: 0, cooldownMs: 30_000, openUntil: null, probeUntil: null })
    expect(breakers.check(target)).toEqual({ allowed: true, state: 'closed', probe: false, openUntil: null })
    openIt()
    expect(store.get(key)?.openUntil).toBe(clock.now() + 30_000)
  })

  it('re-opens on a failed probe with the cool-down doubled up to the cap', () => {
    const { breakers, store, clock, openIt } = setup({ maxCooldownMs: 100_000 })
    openIt()
    const cooldowns = []
    for (let i = 0; i < 3; i++) {
      clock.advance(store.get(key)!.cooldownMs)
      const gate = breakers.check(target)
      expect(gate.probe).toBe(true)
      breakers.record(target, 'timeout-connect', null, gate.probe)
      const row = store.get(key)!
      expect(row.state).toBe('open')
      expect(row.openUntil).toBe(clock.now() + row.cooldownMs)
      cooldowns.push(row.cooldownMs)
    }
    expect(cooldowns).toEqual([60_000, 100_000, 100_000])
  })

  it('lets another probe through once a probe lease expires without a result', () => {
    const { breakers, clock, openIt } = setup({ probeLeaseMs: 5_000 })
    openIt()
    clock.advance(30_000)
    expect(breakers.check(target).probe).toBe(true)
    clock.advance(5_000)
    expect(breakers.check(target).allowed).toBe(false)
    clock.advance(1)
    expect(breakers.check(target)).toMatchObject({ allowed: true, probe: true })
  })

  it('gives back the lease of a probe that ended neutral, such as a Stop', () => {
    const { breakers, store, clock, openIt } = setup()
    openIt()
    clock.advance(30_000)
    breakers.record(target, 'aborted', null, breakers.check(target).probe)
    expect(store.get(key)).toMatchObject({ state: 'half-open', probeUntil: null, cooldownMs: 30_000 })
    expect(breakers.check(target).probe).toBe(true)
  })

  it('ignores late results of calls already in flight when it opened', () => {
    const { breakers, store, clock, fail, openIt } = setup()
    openIt()
    const opened = store.get(key)
    fail(3)
    breakers.record(target, 'ok', null, false)
    expect(store.get(key)).toEqual(opened)
    // Half-open: only the probe's result decides.
    clock.advance(30_000)
    expect(breakers.check(target).probe).toBe(true)
    breakers.record(target, 'ok', null, false)
    expect(store.get(key)?.state).toBe('half-open')
  })

  it('does not let the failures that opened it re-open it right after a successful probe', () => {
    const { breakers, clock, fail, openIt } = setup()
    openIt()
    clock.advance(30_000)
    breakers.record(target, 'ok', null, breakers.check(target).probe)
    for (let i = 0; i < 4; i++) breakers.record(target, 'ok', null, false)
    fail()
    // With the 5 old failures, 11 calls in 60 s would have had a 6/11 failure rate.
    expect(breakers.check(target).state).toBe('closed')
  })

  it('shows every target with its window and latest events in the snapshot', () => {
    const { breakers, clock, fail } = setup()
    breakers.record(target, 'ok', null, false)
    fail(5, 'network')
    breakers.record({ provider: 'ollama', model: 'llama3.2:1b' }, 'ok', null, false)
    const [ollama, openai] = breakers.snapshot()
    expect(ollama).toEqual({ target: 'ollama:llama3.2:1b', state: 'closed', consecutiveFailures: 0, failureRate: 0, calls: 1, openUntil: null, recent: [{ at: clock.now(), outcome: 'ok', message: null }] })
    expect(openai).toMatchObject({ target: key, state: 'open', consecutiveFailures: 5, calls: 6, failureRate: 5 / 6, openUntil: clock.now() + 30_000 })
    expect(openai?.recent).toHaveLength(6)
    expect(openai?.recent[0]).toEqual({ at: clock.now(), outcome: 'network', message: 'boom' })
    clock.advance(30_000)
    expect(breakers.snapshot()[1]).toMatchObject({ state: 'half-open', openUntil: null })
  })

  it('keeps at most ten recent events per target in the snapshot and shortens long messages', () => {
    const { breakers } = setup({ failureThreshold: 100, minimumCalls: 100 })
    for (let i = 0; i < 15; i++) breakers.record(target, 'http-429', 'x'.repeat(1000), false)
    const [health] = breakers.snapshot()
    expect(health?.recent).toHaveLength(10)
    expect(health?.recent[0]?.message?.length).toBeLessThan(400)
  })
})
