import type { HealthView } from '../../../shared/types/domain'
import type { ProviderConfig } from '../../../shared/types/settings'
import type { Bulkheads } from './policies/bulkhead'
import type { CircuitBreakers } from './policies/circuit-breaker'
import type { OfflineDetector } from './policies/offline'
import type { RateLimiter } from './policies/rate-limiter'

export interface HealthDeps {
  breakers: CircuitBreakers
  offline: OfflineDetector
  rateLimiter: RateLimiter
  bulkheads: Bulkheads
}

/**
 * The provider-health panel's data: breakers (shared by every process), this process's queues,
 * offline state. `cloudHosts` are the distinct internet hosts of the enabled providers: offline
 * means all of them were unreachable (or the OS has no network), as it does for a route.
 */
export function healthView(deps: HealthDeps, providers: ProviderConfig[], cloudHosts: readonly string[]): HealthView {
  const offline = deps.offline.check(cloudHosts)
  return {
    offline: offline !== null,
    offlineSince: offline?.since ?? null,
    offlineReason: offline?.reason ?? null,
    unreachableHosts: offline?.hosts ?? [],
    targets: deps.breakers.snapshot(),
    providers: providers
      .filter((p) => p.enabled)
      .map((p) => {
        const slots = deps.bulkheads.stats(p.id)
        const available = deps.rateLimiter.available(p.id, p.limits)
        return {
          provider: p.id,
          queued: deps.rateLimiter.queueDepth(p.id) + slots.queued,
          inFlight: slots.inFlight,
          maxConcurrent: p.limits.maxConcurrent,
          requestsAvailable: available.requests,
          tokensAvailable: available.tokens
        }
      })
  }
}
