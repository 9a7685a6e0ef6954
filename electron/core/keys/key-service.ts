import { WorkbenchError } from '../../../shared/errors'
import type { KeyBackend, KeyHold, ProviderConfig, SettingsView } from '../../../shared/types/settings'
import { createKeyResolver, envKeyVariable, type KeySource } from '../secrets/key-resolver'
import { baseUrlVariable } from '../settings/env-overrides'
import { describeOrigin, destinationOrigin, environmentOrigin, type KeyBindings } from './key-bindings'
import type { Scrubber } from '../secrets/scrub'
import type { SecretStore } from '../secrets/secret-store'
import type { SelectedSecretStore } from '../secrets/selected-store'

type ProviderRef = Pick<ProviderConfig, 'id' | 'kind'>

/** What a door asks its user, outside the page, before a held-back key may go to a new server. */
export interface KeyHostQuestion {
  /** The provider's id, not its label: a label is free text whoever changed the settings chose. */
  provider: string
  savedFor: string | null
  sendsTo: string
}

/** Asks the user; resolves true only on an explicit yes. */
export type KeyHostConfirmer = (question: KeyHostQuestion) => Promise<boolean>

export interface KeyServiceDeps {
  secrets: SecretStore
  env: Record<string, string | undefined>
  /** Every key read is registered here so logs and errors can redact it. */
  scrubber?: Scrubber
  /** Which other backends work here; without it there are none and only the current one is accepted. */
  backends?: Pick<SelectedSecretStore, 'alternatives' | 'check'>
  /** The server each stored key was saved for. */
  bindings: KeyBindings
  /** How this door asks its user to let a key go to a new server; absent where it cannot (`workbench serve`). */
  confirmHost?: KeyHostConfirmer
}

/**
 * The only code that reads or writes API keys. Keys come from the environment (this process
 * only) or the keychain, are read on every request so a replaced key is used at once, and leave
 * this module only towards a provider SDK: the renderer learns the source and last four characters.
 * A key is handed out only for the server it was saved for (see key-bindings.ts).
 */
export function createKeyService({ secrets, env, scrubber, backends, bindings, confirmHost }: KeyServiceDeps) {
  const resolver = createKeyResolver({ env, secrets, ...(scrubber ? { scrubber } : {}) })

  /** Why this provider's key must not go where its settings now point, or null when it may. */
  function holdOf(p: ProviderConfig, source: KeySource): KeyHold | null {
    const sendsTo = destinationOrigin(p, env)
    if (source === 'keychain') {
      const savedFor = bindings.get(p.id)
      if (savedFor === sendsTo) return null
      return { savedFor: savedFor && describeOrigin(savedFor), sendsTo: describeOrigin(sendsTo), source, confirmable: confirmHost !== undefined }
    }
    if (source === 'env') {
      const allowed = environmentOrigin(p, env)
      return allowed === sendsTo ? null : { savedFor: describeOrigin(allowed), sendsTo: describeOrigin(sendsTo), source, confirmable: false }
    }
    return null
  }

  function holdError(p: ProviderConfig, hold: KeyHold): WorkbenchError {
    if (hold.source === 'env') {
      const variable = envKeyVariable(p) ?? 'the environment'
      const baseVar = baseUrlVariable(p)
      return new WorkbenchError(
        'key_not_confirmed',
        `The key for ${p.id} comes from ${variable}, which is sent only to ${hold.savedFor}` +
          `${baseVar ? ` or to ${baseVar}` : ''}; set ${baseVar ?? 'a key in Settings'} to use it with ${hold.sendsTo}.`
      )
    }
    return new WorkbenchError(
      'key_not_confirmed',
      `The key for ${p.id} was saved for ${hold.savedFor ?? 'no particular server'}; re-enter or confirm it for ${hold.sendsTo}.`
    )
  }

  async function requireKeychain(): Promise<void> {
    const probe = await secrets.probe()
    if (!probe.ok) throw new WorkbenchError(secrets.backend === 'safe-storage' ? 'safe_storage_unavailable' : 'keychain_unavailable', probe.reason)
  }

  return {
    /** The key for a call to this provider's current server; throws 'key_not_confirmed' when the key belongs to another. */
    async read(p: ProviderConfig): Promise<string | null> {
      const resolved = await resolver.resolve(p)
      if (resolved.key === null) return null
      const hold = holdOf(p, resolved.source)
      if (hold) throw holdError(p, hold)
      return resolved.key
    },
    async status(p: ProviderConfig): Promise<{ source: KeySource; hint: string | null; hold: KeyHold | null }> {
      const { source, hint, key } = await resolver.resolve(p)
      return { source, hint, hold: key === null ? null : holdOf(p, source) }
    },
    /**
     * Lets a held-back keychain key go to the provider's current server, if this door's user says
     * so outside the page. A door without a way to ask (the WebSocket host) is refused: the one
     * who changed the base URL could answer a question asked over the same socket.
     */
    async confirmHost(p: ProviderConfig): Promise<void> {
      const { source, key } = await resolver.resolve(p)
      const hold = key === null ? null : holdOf(p, source)
      if (hold === null) return
      if (hold.source === 'env') throw holdError(p, hold)
      if (!confirmHost) {
        throw new WorkbenchError(
          'confirm_elsewhere',
          `The key for ${p.id} was saved for ${hold.savedFor ?? 'no particular server'}. To send it to ${hold.sendsTo}, enter the key again, ` +
            `or run \`workbench keys set ${p.id}\` in a terminal: a browser session cannot confirm this by itself.`
        )
      }
      const yes = await confirmHost({ provider: p.id, savedFor: hold.savedFor, sendsTo: hold.sendsTo })
      if (!yes) throw new WorkbenchError('not_confirmed', `Not confirmed: the key for ${p.id} is still sent only to ${hold.savedFor ?? 'no server'}.`)
      bindings.set(p.id, destinationOrigin(p, env))
    },
    /** Binds the keys of a database that predates bindings to where the settings send them now (see KeyBindings.adoptExisting). */
    adoptExistingBindings(list: ProviderConfig[]): void {
      bindings.adoptExisting(list.map((p) => ({ id: p.id, origin: destinationOrigin(p, env) })))
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
    /** Saves a key for the provider's current server: entering it is the user's say-so for that server. */
    async set(p: ProviderConfig, key: string): Promise<void> {
      if (p.kind === 'ollama') throw new WorkbenchError('key_not_needed', 'Ollama runs locally and needs no API key.')
      await requireKeychain()
      scrubber?.register(key)
      await secrets.set(p.id, key.trim())
      bindings.set(p.id, destinationOrigin(p, env))
    },
    async remove(p: ProviderRef): Promise<boolean> {
      await requireKeychain()
      const removed = await secrets.delete(p.id)
      bindings.delete(p.id)
      return removed
    }
  }
}

export type KeyService = ReturnType<typeof createKeyService>
