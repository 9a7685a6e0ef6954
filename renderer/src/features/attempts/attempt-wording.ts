import type { Attempt, AttemptOutcome } from '../../../../shared/types/domain'

/**
 * How each outcome reads after a target's name ("openai timed out before answering"). One table,
 * so the badge, the live status line and the details panel always say the same thing.
 */
const WORDING: Record<AttemptOutcome, string> = {
  ok: 'answered',
  'timeout-connect': 'could not connect in time',
  'timeout-first-token': 'timed out before answering',
  'timeout-idle': 'went quiet',
  'timeout-total': 'took too long',
  'http-429': 'rate-limited (429)',
  'http-4xx': 'refused the request',
  'http-5xx': 'server error',
  'context-length': 'conversation too long',
  network: 'unreachable',
  'stream-broken': 'broke off mid-answer',
  protocol: 'sent an answer we could not read',
  config: 'not configured',
  offline: 'skipped: offline',
  'breaker-open': 'breaker open',
  'rate-limited': 'skipped: our rate limit',
  budget: 'over budget',
  aborted: 'stopped'
}

/** The words for one attempt's outcome, with the HTTP status where it tells something. */
export function outcomeText(attempt: Pick<Attempt, 'outcome' | 'httpStatus'>): string {
  const { outcome, httpStatus } = attempt
  // 429 is already in the words; other HTTP errors name their status ("server error (503)").
  if ((outcome === 'http-5xx' || outcome === 'http-4xx') && httpStatus !== null) return `${WORDING[outcome]} (${httpStatus})`
  return WORDING[outcome]
}

/** Skips cost no time: the target was never called. */
export function isSkip(outcome: AttemptOutcome): boolean {
  return outcome === 'offline' || outcome === 'breaker-open' || outcome === 'rate-limited' || outcome === 'budget'
}

/** "1.2 s" or "340 ms": latency columns and retry waits. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
