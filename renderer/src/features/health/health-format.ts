import type { HealthView, TargetHealth } from '../../../../shared/types/domain'

/** "reopens in 12 s", "probe due", or null for a closed breaker. */
export function reopensText(t: Pick<TargetHealth, 'state' | 'openUntil'>, now: number): string | null {
  if (t.state === 'closed') return null
  if (t.state === 'half-open') return 'letting one probe through'
  if (t.openUntil === null) return 'open'
  const ms = t.openUntil - now
  // The cool-down is over but nobody has called yet: the next call becomes the probe.
  if (ms <= 0) return 'probe on the next call'
  return ms < 60_000 ? `reopens in ${Math.ceil(ms / 1000)} s` : `reopens in ${Math.ceil(ms / 60_000)} min`
}

/** "25 % of 8 calls"; "no calls" before any. */
export function failureRateText(t: Pick<TargetHealth, 'failureRate' | 'calls'>): string {
  if (t.calls === 0) return 'no calls'
  return `${Math.round(t.failureRate * 100)} % of ${t.calls} call${t.calls === 1 ? '' : 's'}`
}

/** "12 of 60" left in a token bucket, or "no limit" when none is set. */
export function leftOf(available: number | null, limit: number | null | undefined): string {
  if (available === null) return limit ? `? of ${limit}` : 'no limit'
  return limit ? `${Math.floor(available)} of ${limit}` : String(Math.floor(available))
}

/**
 * Why the cloud is being skipped, in a sentence; null while online. Offline is the core's
 * verdict (no network, or every cloud host unreachable), never guessed from one failing provider.
 */
export function offlineText(view: Pick<HealthView, 'offline' | 'offlineSince' | 'offlineReason' | 'unreachableHosts'>, time: (at: number) => string): string | null {
  if (!view.offline) return null
  const since = view.offlineSince === null ? '' : ` since ${time(view.offlineSince)}`
  const why = view.offlineReason === 'cloud-unreachable' ? `every cloud host was unreachable (${view.unreachableHosts.join(', ')})` : 'this machine reports no network'
  return `Offline${since}: ${why}. Cloud targets are skipped until a recheck; models on this machine and the local network are still tried.`
}
