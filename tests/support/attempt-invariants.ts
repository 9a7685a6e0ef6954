import type { AttemptOutcome } from '../../shared/types/domain'
import type { AttemptRow, MessageRow } from '../../electron/core/store/rows'

/** A target as a route names it. */
export interface RouteTarget {
  provider: string
  model: string
}

/** Outcomes that mean the target was skipped without a request. */
export const SKIP_OUTCOMES: ReadonlySet<AttemptOutcome> = new Set(['breaker-open', 'offline', 'rate-limited', 'budget'])

/**
 * What may be tried again on the same target, written down from the issue rather than read from
 * the retry table under test: 429, 408, 409, 5xx (529 included), connection errors, and (once)
 * a timeout before any token or an unreadable answer. Never 400/401/403/404/422, a context-length
 * error, a config error, anything after tokens arrived, a skip, or a Stop.
 */
const RETRYABLE: ReadonlySet<AttemptOutcome> = new Set(['http-429', 'http-5xx', 'network', 'timeout-connect', 'timeout-first-token', 'protocol'])
const ONE_RETRY_ONLY: ReadonlySet<AttemptOutcome> = new Set(['timeout-connect', 'timeout-first-token', 'protocol'])
const NEVER_AGAIN_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 422])
/** Outcomes that may keep the text that arrived before the break. */
const MAY_KEEP_PARTIAL: ReadonlySet<AttemptOutcome> = new Set(['stream-broken', 'timeout-idle', 'timeout-total'])

export interface AnswerExpectation {
  route: readonly RouteTarget[]
  /** The full answer a target gives to this prompt. */
  reply: (target: RouteTarget) => string
  /** Whether the test pressed Stop on this answer (a partial answer needs one). */
  stopRequested: boolean
  retry: { maxRetries: number; maxWaitMs: number }
  /**
   * How long a skip (breaker open) may take at most: it costs no request, only a database read.
   * Wall-clock, so only for a quiet machine (a benchmark); the suite leaves it out and checks
   * instead that a skip carries no response data.
   */
  maxSkipLatencyMs?: number
}

const same = (a: RouteTarget, b: RouteTarget) => a.provider === b.provider && a.model === b.model

/** Every way a finished answer and its attempts contradict the resilience rules; empty when consistent. */
export function answerViolations(message: MessageRow, attempts: readonly AttemptRow[], x: AnswerExpectation): string[] {
  const problems: string[] = []
  const fail = (what: string) => problems.push(`${message.id} (${message.status}): ${what}`)
  if (attempts.length === 0) fail('no attempt recorded')

  attempts.forEach((a, i) => {
    const at = `attempt ${a.seq} ${a.provider}:${a.model} ${a.outcome}`
    const target = x.route[a.tier]
    if (!target || !same(target, a)) fail(`${at}: tier ${a.tier} is not that target in the route`)
    const next = attempts[i + 1]
    if (next) {
      if (next.tier < a.tier) fail(`${at}: the route went back to an earlier tier`)
      const sameTarget = next.tier === a.tier
      if (sameTarget && next.try !== a.try + 1) fail(`${at}: tries on one target are not numbered in order`)
      if (!sameTarget && next.try !== 1) fail(`${at}: a new target does not start at try 1`)
      if (a.outcome === 'ok' || a.outcome === 'aborted') fail(`${at}: something was tried after it`)
      const retryable = RETRYABLE.has(a.outcome) || (a.outcome === 'http-4xx' && (a.http_status === 408 || a.http_status === 409))
      if (sameTarget && !retryable) fail(`${at}: retried on the same target, which must not be retried`)
      if (sameTarget && ONE_RETRY_ONLY.has(a.outcome) && a.try > 1) fail(`${at}: retried more than once`)
      if (!sameTarget && a.retry_wait_ms > 0) fail(`${at}: waited ${a.retry_wait_ms} ms, then moved on`)
    } else if (a.retry_wait_ms > 0 && !(message.status === 'partial' && message.tier === null)) {
      // Only a Stop during the wait may end the answer there.
      fail(`${at}: waited ${a.retry_wait_ms} ms for a retry that never came`)
    }
    if (a.outcome === 'http-4xx' && a.http_status !== null && NEVER_AGAIN_STATUSES.has(a.http_status) && next?.tier === a.tier) {
      fail(`${at}: a ${a.http_status} was retried`)
    }
    if (a.try > x.retry.maxRetries + 1) fail(`${at}: try ${a.try} exceeds ${x.retry.maxRetries} retries`)
    if (a.retry_wait_ms > x.retry.maxWaitMs) fail(`${at}: waited ${a.retry_wait_ms} ms, over the ${x.retry.maxWaitMs} ms cap`)
    if (SKIP_OUTCOMES.has(a.outcome)) {
      if (x.maxSkipLatencyMs !== undefined && a.latency_ms > x.maxSkipLatencyMs) fail(`${at}: a skip took ${a.latency_ms} ms`)
      if (a.http_status !== null || a.first_token_ms !== null || a.partial_text !== null) fail(`${at}: a skip carries response data`)
    }
    if (a.outcome === 'ok' && a.first_token_ms === null) fail(`${at}: ok without a first token time`)
    if (a.partial_text !== null) {
      if (!MAY_KEEP_PARTIAL.has(a.outcome)) fail(`${at}: kept partial text for this outcome`)
      if (target && !x.reply(target).startsWith(a.partial_text)) fail(`${at}: partial text ${JSON.stringify(a.partial_text)} is not this target's answer`)
    }
  })

  const last = attempts.at(-1)
  const served = message.tier === null ? null : (x.route[message.tier] ?? null)
  const oks = attempts.filter((a) => a.outcome === 'ok')
  switch (message.status) {
    case 'complete':
      if (oks.length !== 1 || last?.outcome !== 'ok') fail('complete without exactly one ok attempt, last')
      else if (last.tier !== message.tier) fail(`served by tier ${message.tier} but the ok attempt is tier ${last.tier}`)
      if (!served) fail('complete without a serving tier')
      else {
        if (message.provider !== served.provider || message.model !== served.model) fail('provider and model are not the serving target')
        if (message.content !== x.reply(served)) fail(`content ${JSON.stringify(message.content)} is not the served target's answer`)
      }
      if (message.error_code !== null) fail('complete with an error')
      break
    case 'partial':
      if (message.error_code !== 'stopped' || !x.stopRequested) fail(`partial (${message.error_code}) without a Stop`)
      if (oks.length > 0) fail('partial with an ok attempt')
      if (served) {
        if (last?.outcome !== 'aborted' || last.tier !== message.tier) fail('partial from a target whose try did not end stopped')
        if (!x.reply(served).startsWith(message.content)) fail(`partial content ${JSON.stringify(message.content)} is not the serving target's answer`)
      } else if (message.content !== '') fail('partial text without a serving target')
      break
    case 'failed':
      if (oks.length > 0) fail('failed with an ok attempt')
      if (message.content !== '' || message.tier !== null) fail('failed but kept text or a tier')
      if (message.error_code === null || message.error_code === 'stopped') fail(`failed with error ${message.error_code}`)
      break
    default:
      fail('not finished')
  }
  return problems
}
