import { createCore, type Core } from '../core/core'
import { resolveHome } from '../core/paths'
import { createKeyringSecretStore } from '../core/secrets/keyring-store'
import type { SecretStore } from '../core/secrets/secret-store'

/** The core as the CLI and the headless host build it: same data directory as the app. */
export function openCore(env: Record<string, string | undefined>, secrets: SecretStore = createKeyringSecretStore()): Core {
  return createCore({ home: resolveHome(env), env, secrets })
}
