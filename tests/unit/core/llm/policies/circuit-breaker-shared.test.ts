import { describe, expect, it } from 'vitest'
import { manualClock, useBreakerDatabase } from './circuit-breaker-fixture'

const { connect } = useBreakerDatabase()
const target = { provider: 'openai', model: 'gpt-4o-mini' }

/** Two connections to one file stand for two processes: the app and a CLI call, say. */
function twoProcesses() {
  const clock = manualClock()
  return { clock, app: connect({}, clock).breakers, cli: connect({}, clock).breakers }
}

describe('circuit breaker state shared through the database', () => {
  it('is seen open by a second connection on the same file', () => {
    const { app, cli } = twoProcesses()
    for (let i = 0; i < 5; i++) app.record(target, 'http-5xx', null, false)
    expect(cli.check(target)).toMatchObject({ allowed: false, state: 'open' })
  })

  it('adds failures from both connections to one count', () => {
    const { app, cli } = twoProcesses()
    for (let i = 0; i < 3; i++) app.record(target, 'network', null, false)
    for (let i = 0; i < 2; i++) cli.record(target, 'network', null, false)
    expect(app.check(target).state).toBe('open')
  })

  it('lets only one connection probe after the cool-down', () => {
    const { app, cli, clock } = twoProcesses()
    for (let i = 0; i < 5; i++) app.record(target, 'http-5xx', null, false)
    clock.advance(30_000)
    expect(cli.check(target)).toMatchObject({ allowed: true, probe: true })
    expect(app.check(target)).toMatchObject({ allowed: false, state: 'half-open', probe: false })
    expect(cli.check(target).allowed).toBe(false)
  })

  it('closes for everyone when the other connection probe succeeds', () => {
    const { app, cli, clock } = twoProcesses()
    for (let i = 0; i < 5; i++) cli.record(target, 'http-5xx', null, false)
    clock.advance(30_000)
    app.record(target, 'ok', null, app.check(target).probe)
    expect(cli.check(target)).toEqual({ allowed: true, state: 'closed', probe: false, openUntil: null })
  })

  it('hands the probe to the other connection once the first one lease lapses', () => {
    const { app, cli, clock } = twoProcesses()
    for (let i = 0; i < 5; i++) app.record(target, 'http-5xx', null, false)
    clock.advance(30_000)
    expect(app.check(target).probe).toBe(true)
    clock.advance(60_001)
    expect(cli.check(target).probe).toBe(true)
    // The first probe's Stop must not free the lease the second one now holds.
    app.record(target, 'aborted', null, true)
    expect(app.check(target).allowed).toBe(false)
  })
})
