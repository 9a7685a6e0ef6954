import type { AttemptOutcome } from '../../../../shared/types/domain'
import type { BreakerOptions, BreakerRow, WindowStats } from './circuit-breaker'

/**
 * What each outcome does to a breaker. Failures are the target's fault and could pass later;
 * neutral outcomes say nothing about its health (the user stopped, our request was wrong, we
 * skipped it ourselves), so they are not even written.
 */
const EFFECT: Readonly<Record<AttemptOutcome, 'success' | 'failure' | 'neutral'>> = {
  ok: 'success',
  'timeout-connect': 'failure',
  'timeout-first-token': 'failure',
  'timeout-idle': 'failure',
  'timeout-total': 'failure',
  'http-429': 'failure', // overloaded for us: backing off the whole target helps it and us
  'http-5xx': 'failure',
  network: 'failure',
  'stream-broken': 'failure',
  protocol: 'failure',
  'http-4xx': 'neutral', // our request (or key) was wrong; the target is fine
  'context-length': 'neutral', // the conversation is too long for this model, not a fault
  config: 'neutral',
  offline: 'neutral', // this machine is offline; the offline policy handles that
  'breaker-open': 'neutral', // skipped: never reached the target
  'rate-limited': 'neutral',
  budget: 'neutral',
  aborted: 'neutral' // the user pressed Stop
}

/** Whether an outcome counts as a success, a failure, or not at all for the breaker. */
export function breakerEffect(outcome: AttemptOutcome): 'success' | 'failure' | 'neutral' {
  return EFFECT[outcome]
}

/** One counted result, as the transition sees it. */
export interface BreakerResult {
  target: string
  ok: boolean
  probe: boolean
  now: number
}

/** The row of a target never seen before: closed, no failures, base cool-down. */
export function closedRow(target: string, now: number, cooldownMs: number): BreakerRow {
  return {
    target,
    state: 'closed',
    consecutiveFailures: 0,
    openedAt: null,
    openUntil: null,
    cooldownMs,
    probeUntil: null,
    closedAt: null,
    updatedAt: now
  }
}

/** Where the failure-rate window starts: windowMs ago, but never before the breaker last closed. */
export function windowStart(row: BreakerRow, now: number, windowMs: number): number {
  const since = now - windowMs
  return row.closedAt !== null && row.closedAt > since ? row.closedAt : since
}

function open(row: BreakerRow, now: number, cooldownMs: number, consecutiveFailures: number): BreakerRow {
  return { ...row, state: 'open', consecutiveFailures, openedAt: now, openUntil: now + cooldownMs, cooldownMs, probeUntil: null, updatedAt: now }
}

/**
 * The breaker's state machine: the row after one counted result. Returns `row` itself when
 * nothing changes, so the store can skip the write. Runs inside the store's write transaction;
 * `window` counts this target's events (this one included) since a time.
 */
export function nextRow(
  row: BreakerRow | null,
  result: BreakerResult,
  options: BreakerOptions,
  window: (since: number) => WindowStats
): BreakerRow {
  const { ok, probe, now } = result
  const current = row ?? closedRow(result.target, now, options.cooldownMs)
  switch (current.state) {
    case 'closed': {
      if (ok) return current.consecutiveFailures === 0 && row ? row : { ...current, consecutiveFailures: 0, updatedAt: now }
      const failures = current.consecutiveFailures + 1
      if (failures >= options.failureThreshold || rateTripped(window(windowStart(current, now, options.windowMs)), options)) {
        return open(current, now, options.cooldownMs, failures)
      }
      return { ...current, consecutiveFailures: failures, updatedAt: now }
    }
    case 'half-open': {
      // Only the probe decides; a result from a call that started before the breaker opened does not.
      if (!probe) return current
      if (ok) return { ...closedRow(current.target, now, options.cooldownMs), closedAt: now }
      return open(current, now, Math.min(current.cooldownMs * 2, options.maxCooldownMs), current.consecutiveFailures + 1)
    }
    case 'open':
      // Late results of calls already in flight when it opened, or of a probe that lost its lease
      // to another whose failure already re-opened it: neither changes the cool-down.
      return current
  }
}

function rateTripped(stats: WindowStats, options: BreakerOptions): boolean {
  return stats.calls >= options.minimumCalls && stats.failures / stats.calls >= options.failureRateThreshold
}
