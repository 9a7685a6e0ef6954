import { WorkbenchError } from '../../../shared/errors'
import type { KeyBackend, ProviderConfig, SettingsView } from '../../../shared/types/settings'
import type { ProviderRegistry } from '../llm/provider-registry'
import { createKeyResolver, envKeyVariable, type KeySource } from '../secrets/key-resolver'
import type { Scrubber } from '../secrets/scrub'
import type { SecretStore } from '../secrets/secret-store'
import type { SelectedSecretStore } from '../secrets/selected-store'

type ProviderRef = Pick<ProviderConfig, 'id' | 'kind'>

export interface KeyServiceDeps {
  secrets: SecretStore
  env: Record<string, string | undefined>
  providers: () => ProviderRegistry
  /** Every key read is registered here so logs and errors can redact it. */
  scrubber?: Scrubber
  /** Which other backends work here; without it there are none and only the current one is accepted. */
  backends?: Pick<SelectedSecretStore, 'alternatives' | 'check'>
}

/**
 * The only code that reads or writes API keys. Keys come from the environment (this process
 * only) or the keychain, are read on every request so a replaced key is used at once, and leave
 * this module only towards a provider SDK: the renderer learns the source and last four characters.
 */
export function createKeyService({ secrets, env, providers, scrubber, backends }: KeyServiceDeps) {
  const resolver = createKeyResolver({ env, secrets, ...(scrubber ? { scrubber } : {}) })

  async function requireKeychain(): Promise<void> {
    const probe = await secrets.probe()
    if (!probe.ok) throw new WorkbenchError(secrets.backend === 'safe-storage' ? 'safe_storage_unavailable' : 'keychain_unavailable', probe.reason)
  }

  return {
    read: async (p: ProviderRef): Promise<string | null> => (await resolver.resolve(p)).key,
    async status(p: ProviderRef): Promise<{ source: KeySource; hint: string | null }> {
      const { source, hint } = await resolver.resolve(p)
      return { source, hint }
    },
    async keyStore(): Promise<SettingsView['keyStore']> {
      const probe = await secrets.probe()
      const alternatives = backends ? await backends.alternatives() : []
      return { backend: secrets.backend, available: probe.ok, reason: probe.ok ? null : probe.reason, alternatives }
    },
    /** Throws unless keys can be kept in `backend` here; the caller then saves the choice in settings. */
    async checkBackend(backend: KeyBackend): Promise<void> {
      if (backends) return backends.check(backend)
      if (backend !== secrets.backend) throw new WorkbenchError('backend_unavailable', `Keys can only be kept in the ${secrets.backend} here.`)
    },
    envVariable: envKeyVariable,
    async set(p: ProviderRef, key: string): Promise<void> {
      if (p.kind === 'ollama') throw new WorkbenchError('key_not_needed', 'Ollama runs locally and needs no API key.')
      await requireKeychain()
      scrubber?.register(key)
      await secrets.set(p.id, key.trim())
    },
    async remove(p: ProviderRef): Promise<boolean> {
      await requireKeychain()
      return secrets.delete(p.id)
    },
    /** A cheap authenticated call: listing models proves the key works without spending tokens. */
    async test(p: ProviderRef): Promise<{ ok: boolean; message: string }> {
      try {
        const models = await providers().get(p.id).listModels(AbortSignal.timeout(15_000))
        return { ok: true, message: `The key works: ${models.length} models available.` }
      } catch (err) {
        return { ok: false, message: scrubber ? scrubber.scrubError(err).message : err instanceof Error ? err.message : String(err) }
      }
    }
  }
}

export type KeyService = ReturnType<typeof createKeyService>
