import type { HealthView } from '../../../shared/types/domain'
import type { SettingsService } from '../settings/settings-service'
import type { Store } from '../store/types'
import { healthView } from './health'
import { createBulkheads } from './policies/bulkhead'
import { createCircuitBreakers, type BreakerOptions } from './policies/circuit-breaker'
import { createOfflineDetector, type OfflineDetectorOptions } from './policies/offline'
import { targetKey, type Sleep } from './policies/policy'
import { createRateLimiter } from './policies/rate-limiter'
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './policies/retry-table'
import type { ProviderRegistry } from './provider-registry'
import { createResilientClient, type ResilientClient } from './resilient-client'
import { createTargetPlaces, type MachineIdentity } from './target-locality'

/** Knobs tests and benchmarks turn; the app uses the defaults. */
export interface ResilienceOptions {
  retry?: Partial<RetryOptions>
  breaker?: Partial<Omit<BreakerOptions, 'classify'>>
  offline?: OfflineDetectorOptions
  /** This machine's names and addresses; the OS's by default. */
  machine?: MachineIdentity
  maxRateWaitMs?: number
  sleep?: Sleep
}

/**
 * Wires the policies into one client: breakers and rate buckets live in the shared database,
 * queues and the offline detector in this process. Timeouts and limits are read from the
 * settings on every call, so a change applies to the next request.
 */
export function createResilience(
  deps: { store: Store; settings: SettingsService; providers: ProviderRegistry; env: Record<string, string | undefined>; now: () => number },
  options: ResilienceOptions = {}
): { client: ResilientClient; health: () => HealthView } {
  const { store, settings, providers, now } = deps
  const breakers = createCircuitBreakers(store.breakers, options.breaker, now)
  const rateLimiter = createRateLimiter({ store: store.buckets, now, ...(options.sleep ? { sleep: options.sleep } : {}), ...(options.maxRateWaitMs !== undefined ? { maxWaitMs: options.maxRateWaitMs } : {}) })
  const bulkheads = createBulkheads()
  const offline = createOfflineDetector({ now, ...options.offline })
  const policies = { breakers, rateLimiter, bulkheads, offline }
  const place = createTargetPlaces(deps.env, { now, ...(options.machine ? { machine: options.machine } : {}) })

  const client = createResilientClient({
    ...policies,
    provider(id) {
      const adapter = providers.get(id)
      const config = settings.provider(id)!
      return { adapter, kind: config.kind, limits: config.limits }
    },
    place(id) {
      const config = settings.provider(id)
      return config?.enabled ? place(config) : null
    },
    timeouts(target) {
      const s = settings.get()
      return { ...s.timeouts, ...s.targetTimeouts[targetKey(target)] }
    },
    retry: { ...DEFAULT_RETRY_OPTIONS, ...options.retry },
    now,
    ...(options.sleep ? { sleep: options.sleep } : {})
  })
  function health(): HealthView {
    const providers = settings.get().providers
    const cloudHosts = providers.filter((p) => p.enabled).map(place).filter((p) => p.locality === 'internet').map((p) => p.host)
    return healthView(policies, providers, cloudHosts)
  }
  return { client, health }
}
