import { createCore, type Core } from '../core/core'
import { resolveHome } from '../core/paths'
import { createKeyringSecretStore } from '../core/secrets/keyring-store'
import type { SecretStore } from '../core/secrets/secret-store'

/** The core as the CLI and the headless host build it: same data directory as the app, and no safeStorage. */
export function openCore(
  env: Record<string, string | undefined>,
  // WORKBENCH_KEYRING_SERVICE lets tests keep their keys apart from a user's real ones.
  secrets: SecretStore = createKeyringSecretStore({ service: env.WORKBENCH_KEYRING_SERVICE || undefined })
): Core {
  return createCore({ home: resolveHome(env), env, secrets })
}
