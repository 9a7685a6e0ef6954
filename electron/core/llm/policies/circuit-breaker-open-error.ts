import { WorkbenchError } from '../../../../shared/errors'
import type { BreakerState } from './circuit-breaker'

/** Thrown by a breaker's policy instead of calling a target that failed recently; nothing was sent. */
export class BreakerOpenError extends WorkbenchError {
  /** "provider:model". */
  readonly target: string
  /** 'open' while cooling down, 'half-open' while another caller's probe runs. */
  readonly state: BreakerState
  /** When the cool-down ends (a probe may go then); null while a probe runs. */
  readonly openUntil: number | null

  constructor(target: string, state: BreakerState, openUntil: number | null) {
    const when = openUntil === null ? 'while one trial request tests it' : `until ${new Date(openUntil).toISOString()}`
    // Retryable: the target may well work again once the cool-down is over.
    super('breaker_open', `${target} failed repeatedly, so it is skipped ${when}.`, { retryable: true })
    this.name = 'BreakerOpenError'
    this.target = target
    this.state = state
    this.openUntil = openUntil
  }
}

