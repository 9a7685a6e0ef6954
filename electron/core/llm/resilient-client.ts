import type { Attempt, ErrorData, ProviderKind, Usage } from '../../../shared/types/domain'
import type { ProviderLimits, Timeouts } from '../../../shared/types/settings'
import type { Bulkheads } from './policies/bulkhead'
import type { CircuitBreakers } from './policies/circuit-breaker'
import { classify, type ClassifiedFailure as Failure } from './policies/classify'
import { fitsLarger } from './policies/context-windows'
import type { OfflineDetector, OfflineState } from './policies/offline'
import { realSleep, targetKey, type Priority, type Sleep, type Target } from './policies/policy'
import type { RateLimiter } from './policies/rate-limiter'
import { isTargetFailedError, retryPolicy } from './policies/retry'
import type { RetryOptions } from './policies/retry-table'
import { runTarget, type TryState } from './run-try'
import type { TargetPlace } from './target-locality'
import type { ChatProvider, ChatTurn, FinishReason } from './types'

export interface ResilientClientDeps {
  provider: (id: string) => { adapter: ChatProvider; kind: ProviderKind; limits: ProviderLimits }
  /** Where an enabled provider's target runs (target-locality.ts); null for one not configured or disabled. */
  place: (id: string) => TargetPlace | null
  timeouts: (target: Target) => Timeouts
  breakers: CircuitBreakers
  rateLimiter: RateLimiter
  bulkheads: Bulkheads
  offline: OfflineDetector
  retry: Omit<RetryOptions, 'random'> & { random?: () => number }
  now?: () => number
  sleep?: Sleep
}

export interface RouteRequest {
  targets: Target[]
  history: ChatTurn[]
  signal: AbortSignal
  priority: Priority
  onText: (text: string) => void
  /** Called as each try ends, before the next begins. */
  onAttempt: (attempt: Attempt) => void
}

export interface RouteResult {
  outcome: 'complete' | 'partial' | 'failed'
  /** The target that produced `text`, and its place in the route. */
  served: { target: Target; tier: number } | null
  text: string
  usage: Usage | null
  finishReason: FinishReason | null
  firstTokenMs: number | null
  latencyMs: number
  error: ErrorData | null
  attempts: Attempt[]
}

/**
 * Every provider call goes through here. Targets are tried in order; for each: skip it at once
 * when offline (internet targets only: see offline.ts) or its breaker is open, else try it,
 * retrying as the retry table says.
 * A stream that breaks after text keeps that text on its attempt and the answer restarts on the
 * next target: two models' words are never spliced.
 */
export function createResilientClient(deps: ResilientClientDeps) {
  const now = deps.now ?? Date.now
  const sleep = deps.sleep ?? realSleep
  const retry: RetryOptions = { random: Math.random, ...deps.retry }
  const targetDeps = { breakers: deps.breakers, rateLimiter: deps.rateLimiter, bulkheads: deps.bulkheads, now }

  async function stream(req: RouteRequest): Promise<RouteResult> {
    const started = now()
    const attempts: Attempt[] = []
    let contextLimited: Target | null = null
    const record = (a: Attempt) => {
      attempts.push(a)
      req.onAttempt(a)
    }
    const result = (outcome: RouteResult['outcome'], served: RouteResult['served'], state: TryState | null, error: ErrorData | null): RouteResult => ({
      outcome,
      served,
      text: state?.text ?? '',
      usage: state?.usage ?? null,
      finishReason: state?.finishReason ?? null,
      firstTokenMs: state?.firstTokenMs == null ? null : state.startedAt - started + state.firstTokenMs,
      latencyMs: now() - started,
      error,
      attempts
    })

    // Offline is judged over every internet host of this route: one that has not failed keeps the route online.
    const cloudHosts = internetHosts(req.targets, deps.place)
    for (const [tier, target] of req.targets.entries()) {
      if (contextLimited && !fitsLarger(contextLimited, target)) continue
      const { adapter, limits } = deps.provider(target.provider)
      const where = deps.place(target.provider)
      const cloudHost = where?.locality === 'internet' ? where.host : null
      const offline = cloudHost === null ? null : deps.offline.check(cloudHosts)
      if (offline) {
        record(skipped(tier, target, 'offline', offlineMessage(offline), now()))
        continue
      }
      const hasNextTarget = tier < req.targets.length - 1
      let state = freshState(now())
      const recordFailure = (failure: Failure, tryNo: number, wait: number) => {
        if (cloudHost !== null) deps.offline.report(cloudHost, { outcome: failure.outcome, networkCode: failure.networkCode })
        record(tried(tier, tryNo, target, state, now(), failure, wait))
      }
      const retrying = retryPolicy({
        ...retry,
        hasNextTarget,
        sleep,
        classify: (err, signal) => classify(err, { signal, tokensReceived: state.text.length > 0 }),
        onTry: () => (state = freshState(now())),
        onRetry: (failure, delayMs, tryNo) => recordFailure(failure, tryNo, delayMs)
      })
      try {
        await runTarget(targetDeps, {
          provider: adapter,
          target,
          history: req.history,
          limits,
          timeouts: deps.timeouts(target),
          priority: req.priority,
          signal: req.signal,
          onText: req.onText,
          retry: retrying,
          state: () => state
        })
        if (cloudHost !== null) deps.offline.report(cloudHost, 'ok')
        record(tried(tier, 1 + attempts.filter((a) => a.tier === tier).length, target, state, now(), null, 0))
        return result('complete', { target, tier }, state, null)
      } catch (err) {
        if (!isTargetFailedError(err)) throw err
        const failure = err.failure
        if (failure.outcome === 'aborted') {
          // The text shown so far is the answer, kept as partial; it is not set apart on the attempt.
          if (err.phase === 'try') record(tried(tier, err.tryNo, target, state, now(), failure, 0, false))
          return result('partial', err.phase === 'try' ? { target, tier } : null, err.phase === 'try' ? state : null, STOPPED)
        }
        recordFailure(failure, err.tryNo, 0)
        if (failure.outcome === 'context-length') contextLimited = target
        if (err.decision.action === 'stop') return result('failed', null, null, toError(failure))
      }
    }
    // The response cache (its own issue) plugs in here, as the tier after the last target.
    return result('failed', null, null, summarise(attempts, contextLimited))
  }

  return { stream }
}

export type ResilientClient = ReturnType<typeof createResilientClient>

/** The distinct hosts of the targets that run on the internet. */
function internetHosts(targets: readonly Target[], place: ResilientClientDeps['place']): string[] {
  const hosts = new Set<string>()
  for (const t of targets) {
    const where = place(t.provider)
    if (where?.locality === 'internet') hosts.add(where.host)
  }
  return [...hosts]
}

function offlineMessage(state: OfflineState): string {
  if (state.reason === 'no-network') return 'This machine has no network: skipped; targets on this machine and network are still tried.'
  return `Every cloud host on this route was unreachable (${state.hosts.join(', ')}): skipped until a recheck.`
}

const STOPPED: ErrorData = { code: 'stopped', message: 'Stopped before the answer was complete.', retryable: true }

function freshState(at: number): TryState {
  return { startedAt: at, text: '', firstTokenMs: null, usage: null, finishReason: null }
}

function tried(tier: number, tryNo: number, target: Target, s: TryState, end: number, f: Failure | null, retryWaitMs: number, keepPartial = true): Attempt {
  return {
    tier,
    try: tryNo,
    provider: target.provider,
    model: target.model,
    outcome: f?.outcome ?? 'ok',
    httpStatus: f?.httpStatus ?? null,
    errorCode: f?.errorCode ?? null,
    message: f?.message ?? null,
    startedAt: s.startedAt,
    latencyMs: end - s.startedAt,
    firstTokenMs: s.firstTokenMs,
    retryWaitMs,
    partialText: f && keepPartial && s.text.length > 0 ? s.text : null
  }
}

function skipped(tier: number, target: Target, outcome: Attempt['outcome'], message: string, at: number, tryNo = 1): Attempt {
  return { tier, try: tryNo, provider: target.provider, model: target.model, outcome, httpStatus: null, errorCode: null, message, startedAt: at, latencyMs: 0, firstTokenMs: null, retryWaitMs: 0, partialText: null }
}

function toError(f: Failure): ErrorData {
  return { code: f.errorCode ?? f.outcome, message: f.message, retryable: false }
}

/** One sentence for a route that failed everywhere: what happened at each target. */
function summarise(attempts: Attempt[], contextLimited: Target | null): ErrorData {
  if (contextLimited) {
    return { code: 'context_length', message: `The conversation is too long for ${targetKey(contextLimited)} and no model in the route has a larger context window. Start a new conversation or add a larger model to the route.`, retryable: false }
  }
  const last = new Map<string, Attempt>()
  for (const a of attempts) last.set(`${a.provider}:${a.model}`, a)
  const parts = [...last.entries()].map(([key, a]) => `${key}: ${a.message ?? a.outcome}`)
  const retryable = attempts.some((a) => a.outcome !== 'http-4xx' && a.outcome !== 'config' && a.outcome !== 'context-length')
  return { code: 'all_targets_failed', message: `No model could answer. ${parts.join(' · ')}`, retryable }
}
