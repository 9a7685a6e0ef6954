import type { ProviderConfig } from '../../../shared/types/settings'
import type { ProviderRegistry } from '../llm/provider-registry'
import type { Scrubber } from '../secrets/scrub'

/** Whether a provider's key works, in words for the user. */
export type KeyTest = (provider: Pick<ProviderConfig, 'id'>) => Promise<{ ok: boolean; message: string }>

/**
 * A cheap authenticated call: listing models proves the key works without spending tokens. Apart
 * from the key service because it needs the provider adapters, which read their keys through the
 * key service: built after both, it closes no cycle.
 */
export function createKeyTest(deps: { providers: Pick<ProviderRegistry, 'get'>; scrubber?: Scrubber }): KeyTest {
  return async (p) => {
    try {
      const models = await deps.providers.get(p.id).listModels(AbortSignal.timeout(15_000))
      return { ok: true, message: `The key works: ${models.length} models available.` }
    } catch (err) {
      return { ok: false, message: deps.scrubber ? deps.scrubber.scrubError(err).message : err instanceof Error ? err.message : String(err) }
    }
  }
}
