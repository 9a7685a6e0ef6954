import type { Attempt } from '../../../../shared/types/domain'
import { formatMs, isSkip, outcomeText } from './attempt-wording'

type Target = Pick<Attempt, 'provider' | 'model'>

/** "provider:model", the way settings and routes name a target. */
export function refOf(a: Target): string {
  return `${a.provider}:${a.model}`
}

/** What the footer shows about the way an answer took. */
export interface AttemptSummary {
  /** The target that served the answer, or null while streaming and when none did. */
  served: string | null
  /** null when the first target answered at its first try: then the footer names it quietly. */
  badge: string | null
}

/**
 * "served by ollama:llama3.2:1b · openai timed out before answering, anthropic breaker open".
 * `servedTier` is the message's tier (null while streaming or when nothing answered).
 */
export function summarizeAttempts(attempts: readonly Attempt[], servedTier: number | null, streaming: boolean): AttemptSummary {
  if (attempts.length === 0) return { served: null, badge: null }
  const tier = servedTier ?? attempts.find((a) => a.outcome === 'ok')?.tier ?? null
  const groups = byTier(attempts)
  const servedGroup = tier === null ? undefined : groups.get(tier)
  const served = servedGroup ? refOf(servedGroup[0]!) : null
  if (served && tier === 0 && groups.size === 1 && servedGroup!.length === 1) return { served, badge: null }

  const name = namer(attempts)
  const failures: string[] = []
  for (const [t, group] of groups) {
    if (t === tier) continue
    const last = group[group.length - 1]!
    const tries = group.filter((a) => !isSkip(a.outcome)).length
    failures.push(`${name(last)} ${outcomeText(last)}${tries > 1 ? ` ×${tries}` : ''}`)
  }
  const retries = servedGroup ? servedGroup.length - 1 : 0
  const head = served
    ? `served by ${served}${retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : ''}`
    : streaming
      ? 'so far'
      : 'no target answered'
  return { served, badge: failures.length > 0 ? `${head} · ${failures.join(', ')}` : head }
}

/**
 * The line under a streaming answer after a try failed: "openai timed out before answering —
 * trying anthropic…". `plan` is the route the core resolved (chat.started); unknown for answers loaded later.
 */
export function liveStatus(attempts: readonly Attempt[], plan: readonly string[] | undefined): string | null {
  const last = attempts[attempts.length - 1]
  if (!last || last.outcome === 'ok' || last.outcome === 'aborted') return null
  const what = `${namer(attempts)(last)} ${outcomeText(last)}`
  if (last.retryWaitMs > 0) return `${what} — retrying in ${formatMs(last.retryWaitMs)}…`
  const next = plan?.[maxTier(attempts) + 1]
  if (!next) return `${what} — trying the next target…`
  const provider = next.slice(0, next.indexOf(':'))
  return `${what} — trying ${provider === last.provider ? next : provider}…`
}

/**
 * Which target took over after an attempt broke mid-answer: the serving one once finished,
 * else the one the resolved route says runs now; null when unknown or none did.
 */
export function continuedWith(attempts: readonly Attempt[], broken: Attempt, served: string | null, streaming: boolean, plan: readonly string[] | undefined): string | null {
  const later = attempts.filter((a) => a.tier > broken.tier)
  if (!streaming) return served && served !== refOf(broken) ? served : later.length > 0 ? refOf(later[later.length - 1]!) : null
  return plan?.[maxTier(attempts) + 1] ?? null
}

/** The label above text a target streamed before it broke off. */
export function switchLabel(broken: Attempt, next: string | null, streaming: boolean): string {
  const who = refOf(broken)
  if (next) return `${who} broke off here — continued with ${next}`
  return streaming ? `${who} broke off here — continuing with the next target…` : `${who} broke off here`
}

function byTier(attempts: readonly Attempt[]): Map<number, Attempt[]> {
  const groups = new Map<number, Attempt[]>()
  for (const a of attempts) {
    const g = groups.get(a.tier)
    if (g) g.push(a)
    else groups.set(a.tier, [a])
  }
  return groups
}

function maxTier(attempts: readonly Attempt[]): number {
  return attempts.reduce((m, a) => Math.max(m, a.tier), -1)
}

/** The provider alone ("openai") unless two targets of this answer share it; then the whole ref. */
function namer(attempts: readonly Attempt[]): (a: Target) => string {
  const refsByProvider = new Map<string, Set<string>>()
  for (const a of attempts) {
    const set = refsByProvider.get(a.provider) ?? new Set<string>()
    set.add(a.model)
    refsByProvider.set(a.provider, set)
  }
  return (a) => ((refsByProvider.get(a.provider)?.size ?? 0) > 1 ? refOf(a) : a.provider)
}
