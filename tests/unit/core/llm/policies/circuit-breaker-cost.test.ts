import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { manualClock, useBreakerDatabase } from './circuit-breaker-fixture'

const { connect } = useBreakerDatabase()
const N = 2_000

/** Mean µs per call of fn over N calls, after a short warm-up. */
function cost(fn: (i: number) => void): number {
  for (let i = 0; i < 100; i++) fn(i)
  const start = performance.now()
  for (let i = 0; i < N; i++) fn(i)
  return ((performance.now() - start) * 1000) / N
}

describe('circuit breaker cost (printed, not asserted: timings vary by machine)', () => {
  it('measures check() and check()+record() on a real database file', () => {
    const clock = manualClock()
    const { breakers, db } = connect({}, clock)
    const closed = { provider: 'openai', model: 'gpt-4o' }
    const open = { provider: 'anthropic', model: 'claude' }
    for (let i = 0; i < 5; i++) breakers.record(open, 'http-5xx', null, false)

    const checkClosed = cost(() => breakers.check(closed))
    const checkOpen = cost(() => breakers.check(open))
    const roundTrip = cost(() => {
      clock.advance(1)
      breakers.record(closed, 'ok', null, breakers.check(closed).probe)
    })
    console.log(
      `circuit breaker per call: check (closed) ${checkClosed.toFixed(1)} µs, check (open) ${checkOpen.toFixed(1)} µs, check+record ok ${roundTrip.toFixed(1)} µs`
    )

    // What the loop must leave behind: still closed, still open, and pruning kept the events few.
    expect(breakers.check(closed).state).toBe('closed')
    expect(breakers.check(open).state).toBe('open')
    expect(db.prepare('SELECT count(*) FROM target_events').pluck().get()).toBeLessThanOrEqual(200 + 100 + 5)
  })
})
