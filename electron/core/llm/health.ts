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

/** The provider-health panel's data: breakers (shared by every process), this process's queues, offline state. */
export function healthView(deps: HealthDeps, providers: ProviderConfig[]): HealthView {
  return {
    offline: deps.offline.isOffline(),
    offlineSince: deps.offline.since(),
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
