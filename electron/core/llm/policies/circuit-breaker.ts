import type { AttemptOutcome, TargetHealth } from '../../../../shared/types/domain'
import { BreakerOpenError } from './circuit-breaker-open-error'
import { breakerEffect, nextRow, windowStart } from './circuit-breaker-transition'
import { classify, type ClassifiedFailure } from './classify'
import { targetKey, type Policy, type Target } from './policy'

export { BreakerOpenError } from './circuit-breaker-open-error'

/** Maps what a call threw to the outcome the breaker counts, with a short message. */
export type Classify = (err: unknown, signal: AbortSignal) => Pick<ClassifiedFailure, 'outcome' | 'message'>

/** closed: calls go; open: calls are skipped until the cool-down ends; half-open: one probe goes. */
export type BreakerState = 'closed' | 'open' | 'half-open'

/** One target's breaker as stored (breakers table, migration 0005); times are epoch ms. */
export interface BreakerRow {
  /** targetKey(target): "provider:model". */
  target: string
  state: BreakerState
  consecutiveFailures: number
  openedAt: number | null
  openUntil: number | null
  /** The current cool-down; doubles on each failed probe up to maxCooldownMs. */
  cooldownMs: number
  /** End of the half-open probe's lease. */
  probeUntil: number | null
  /** When it last closed after being open; the failure-rate window never reaches back past it. */
  closedAt: number | null
  updatedAt: number
}

/** A counted result (success or failure) as kept for the window and the health panel. */
export interface BreakerEvent {
  at: number
  outcome: AttemptOutcome
  message: string | null
}

export interface WindowStats {
  calls: number
  failures: number
}

/**
 * Where breakers live: shared by every process on the data directory (electron/core/store/breaker-store.ts).
 * Every method is one statement or one short transaction.
 */
export interface BreakerStore {
  /** One target's row; null for a target never recorded (a closed breaker). */
  get(target: string): BreakerRow | null
  /**
   * In ONE immediate transaction: appends the event, reads the row, and writes what `transition`
   * returns unless it returns the row it was given. `window(since)` counts this target's events
   * from `since` on, the new one included. Returns the row as it now stands.
   */
  record(target: string, event: BreakerEvent, transition: (row: BreakerRow | null, window: (since: number) => WindowStats) => BreakerRow): BreakerRow
  /**
   * Takes the half-open probe when the breaker is open with its cool-down over, or half-open with
   * no live lease; true for exactly one caller across all processes.
   */
  claimProbe(target: string, now: number, leaseUntil: number): boolean
  /** Gives back a probe lease that reported nothing counted (e.g. the user stopped it); no-op if it changed hands. */
  releaseProbe(target: string, leaseUntil: number): void
  /** Every target's row, for the health view. */
  list(): BreakerRow[]
  /** A target's latest events, newest first. */
  recent(target: string, limit: number): BreakerEvent[]
  /** A target's counted calls and failures since a time. */
  window(target: string, since: number): WindowStats
}

export interface BreakerOptions {
  /** Consecutive failures that open a closed breaker. */
  failureThreshold: number
  /** Failure rate over windowMs that opens it, once at least minimumCalls were counted. */
  failureRateThreshold: number
  minimumCalls: number
  /** Must not exceed the store's event retention (10 minutes by default). */
  windowMs: number
  /** First cool-down after opening; doubles on each failed probe up to maxCooldownMs. */
  cooldownMs: number
  maxCooldownMs: number
  /** How long a half-open probe may run before another caller may probe instead. */
  probeLeaseMs: number
  /** Maps what a policy's fn threw to an outcome; the one classifier by default (tests inject their own). */
  classify: Classify
  /** Told when recording fails inside policy(); the call's own result still wins. */
  onStoreError: (err: unknown) => void
}

export const DEFAULT_BREAKER_OPTIONS: Readonly<BreakerOptions> = {
  failureThreshold: 5,
  failureRateThreshold: 0.5,
  minimumCalls: 10,
  windowMs: 60_000,
  cooldownMs: 30_000,
  maxCooldownMs: 300_000,
  probeLeaseMs: 60_000,
  // The retry table's classifier, so the two never disagree about what a failure was. Tokens are
  // not looked at: after them or before, a broken or failed call counts against the target the same way.
  classify: (err, signal) => classify(err, { signal, tokensReceived: false }),
  onStoreError: () => {}
}

/** What check() says about one call. `probe` marks the one half-open trial; pass it back to record(). */
export interface BreakerCheck {
  allowed: boolean
  state: BreakerState
  probe: boolean
  /** When an open breaker lets a probe through; null unless state is 'open'. */
  openUntil: number | null
}

/** Health panel rows keep this many events. */
const RECENT_EVENTS = 10
/** Stored messages are for a glance in the health panel, not for the full story (that is the attempt). */
const MAX_MESSAGE = 300
const CLOSED: Readonly<BreakerCheck> = Object.freeze({ allowed: true, state: 'closed', probe: false, openUntil: null })
const PROBING: Readonly<BreakerCheck> = Object.freeze({ allowed: true, state: 'half-open', probe: true, openUntil: null })
const HALF_OPEN_BUSY: Readonly<BreakerCheck> = Object.freeze({ allowed: false, state: 'half-open', probe: false, openUntil: null })

/** One circuit breaker per provider:model, its state in `store` so every process sees the same. */
export function createCircuitBreakers(store: BreakerStore, options: Partial<BreakerOptions> = {}, now: () => number = Date.now) {
  const o: BreakerOptions = { ...DEFAULT_BREAKER_OPTIONS, ...options }
  // Leases this process holds, so it gives back only its own (another may have taken over since).
  const leases = new Map<string, number>()

  function verdict(row: BreakerRow | null, at: number): BreakerCheck | null {
    if (!row || row.state === 'closed') return CLOSED
    if (row.state === 'open' && row.openUntil !== null && row.openUntil > at) return { allowed: false, state: 'open', probe: false, openUntil: row.openUntil }
    if (row.state === 'half-open' && row.probeUntil !== null && row.probeUntil >= at) return HALF_OPEN_BUSY
    return null // cool-down over or probe lease lapsed: race for the probe
  }

  /** May a call go to target now? One primary-key read; one UPDATE only when a probe is due. */
  function check(target: Target): BreakerCheck {
    const key = targetKey(target)
    const at = now()
    const decided = verdict(store.get(key), at)
    if (decided) return decided
    const lease = at + o.probeLeaseMs
    if (store.claimProbe(key, at, lease)) {
      leases.set(key, lease)
      return PROBING
    }
    // Another process took the probe, or its probe already settled the breaker.
    return verdict(store.get(key), at) ?? HALF_OPEN_BUSY
  }

  /** Counts how a call allowed by check() ended; neutral outcomes write nothing. */
  function record(target: Target, outcome: AttemptOutcome, message: string | null, probe: boolean): void {
    const key = targetKey(target)
    const effect = breakerEffect(outcome)
    const lease = probe ? leases.get(key) : undefined
    if (probe) leases.delete(key)
    if (effect === 'neutral') {
      if (lease !== undefined) store.releaseProbe(key, lease)
      return
    }
    const at = now()
    const event = { at, outcome, message: message && message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message }
    const result = { target: key, ok: effect === 'success', probe, now: at }
    store.record(key, event, (row, window) => nextRow(row, result, o, window))
  }

  /** The breaker as a Policy: throws BreakerOpenError without calling fn when the target is skipped. */
  function policy(target: Target): Policy {
    return {
      async execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
        const gate = check(target)
        if (!gate.allowed) throw new BreakerOpenError(targetKey(target), gate.state, gate.openUntil)
        const safeRecord = (outcome: AttemptOutcome, message: string | null) => {
          try {
            record(target, outcome, message, gate.probe)
          } catch (err) {
            o.onStoreError(err)
          }
        }
        let value: T
        try {
          value = await fn(signal)
        } catch (err) {
          const { outcome, message } = o.classify(err, signal)
          safeRecord(outcome, message)
          throw err
        }
        safeRecord('ok', null)
        return value
      }
    }
  }

  /** Every known target's breaker for the health panel, with its window and latest events. */
  function snapshot(): TargetHealth[] {
    const at = now()
    return store.list().map((row) => {
      const { calls, failures } = store.window(row.target, windowStart(row, at, o.windowMs))
      const coolingDown = row.state === 'open' && row.openUntil !== null && row.openUntil > at
      return {
        target: row.target,
        // An open breaker past its cool-down lets the next call probe: that is half-open already.
        state: row.state === 'open' && !coolingDown ? 'half-open' : row.state,
        consecutiveFailures: row.consecutiveFailures,
        failureRate: calls === 0 ? 0 : failures / calls,
        calls,
        openUntil: coolingDown ? row.openUntil : null,
        recent: store.recent(row.target, RECENT_EVENTS)
      }
    })
  }

  return { check, record, policy, snapshot }
}

/** The breakers of every target, as the client uses them. */
export type CircuitBreakers = ReturnType<typeof createCircuitBreakers>
