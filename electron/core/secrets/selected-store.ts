import { WorkbenchError } from '../../../shared/errors'
import type { KeyBackend } from '../../../shared/types/settings'
import { SAFE_STORAGE_APP_ONLY } from './cipher'
import type { SecretStore } from './secret-store'

/** A SecretStore that is whichever backend the settings name, plus what the user could switch to. */
export interface SelectedSecretStore extends SecretStore {
  /** Backends other than the selected one that work here; safe-storage only while the keychain does not. */
  alternatives(): Promise<KeyBackend[]>
  /** Throws a user-worded WorkbenchError unless `backend` can keep keys on this machine. */
  check(backend: KeyBackend): Promise<void>
}

/**
 * Routes every call to the store the user chose. safe-storage is null outside the desktop app
 * (the CLI and `workbench serve` have no Electron): choosing it there leaves a store that says
 * so on every call. There is no silent fallback in either direction: a key is only ever written
 * where the settings say.
 */
export function createSelectedSecretStore(deps: {
  keychain: SecretStore
  safeStorage: SecretStore | null
  /** Read on every call, so a switch applies to the next request. */
  selected: () => KeyBackend
}): SelectedSecretStore {
  const appOnly: SecretStore = {
    backend: 'safe-storage',
    probe: async () => ({ ok: false, reason: SAFE_STORAGE_APP_ONLY }),
    get: async () => {
      throw new WorkbenchError('safe_storage_unavailable', SAFE_STORAGE_APP_ONLY)
    },
    set: async () => {
      throw new WorkbenchError('safe_storage_unavailable', SAFE_STORAGE_APP_ONLY)
    },
    delete: async () => {
      throw new WorkbenchError('safe_storage_unavailable', SAFE_STORAGE_APP_ONLY)
    }
  }
  const storeFor = (backend: KeyBackend): SecretStore => (backend === 'keychain' ? deps.keychain : (deps.safeStorage ?? appOnly))
  const current = (): SecretStore => storeFor(deps.selected())

  return {
    get backend() {
      return current().backend
    },
    probe: () => current().probe(),
    get: (account) => current().get(account),
    set: (account, secret) => current().set(account, secret),
    delete: (account) => current().delete(account),

    async alternatives() {
      const selected = deps.selected()
      if (selected === 'safe-storage') return (await deps.keychain.probe()).ok ? ['keychain'] : []
      // The keychain is the better home; safeStorage is offered only when it cannot be used.
      if (!deps.safeStorage || (await deps.keychain.probe()).ok) return []
      return (await deps.safeStorage.probe()).ok ? ['safe-storage'] : []
    },

    async check(backend) {
      const probe = await storeFor(backend).probe()
      if (!probe.ok) throw new WorkbenchError(backend === 'keychain' ? 'keychain_unavailable' : 'safe_storage_unavailable', probe.reason)
    }
  }
}
