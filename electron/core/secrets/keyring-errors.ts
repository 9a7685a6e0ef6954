import { WorkbenchError, isWorkbenchError } from '../../../shared/errors'

/** Error codes of the keychain store; the UI may key help text off them. */
export type KeyringErrorCode = 'keychain_unavailable' | 'keychain_locked' | 'keychain_timeout' | 'keychain_failed'

const ENV_ADVICE = 'or set the API key in the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY)'

/** What a Linux user can do when no Secret Service answers. */
export const NO_SECRET_SERVICE_REASON =
  `No Secret Service found: install and unlock GNOME Keyring or KWallet, ${ENV_ADVICE}.`

const LOCKED_REASON =
  'The system keyring is locked: unlock it (log in to the desktop, or open Passwords and Keys or ' +
  `KWalletManager) and try again, ${ENV_ADVICE}.`

const NO_COLLECTION_REASON =
  'The system keyring has no default keyring to keep keys in: create or unlock the "login" keyring ' +
  `in Passwords and Keys or KWalletManager, ${ENV_ADVICE}.`

// Matched against the first line of what @napi-rs/keyring (keyring-rs, zbus) throws. The texts
// come from secret-service, zbus and the D-Bus spec; unknown ones fall through to keychain_failed.
const UNAVAILABLE = [
  /no secret service provider or dbus session found/i,
  /ServiceUnknown|NameHasNoOwner|was not provided by any \.service files/i,
  /failed to connect|connection refused/i,
  // Without a Secret Service the binding falls back to the kernel keyring, which a container denies.
  /platform storage: AccessDenied/i,
  /native binding|cannot find module/i
]
const LOCKED = [/IsLocked|is locked|object locked/i, /prompt (was )?dismissed/i]
const NO_COLLECTION = [/no result found|NoSuchObject|no such object/i]

/**
 * Turns whatever the keyring binding threw into a WorkbenchError a user can act on. The binding's
 * own text is kept only for unknown failures, cut to one line, and with the secret (if any) removed:
 * no key may ever reach an error message.
 */
export function toKeyringError(err: unknown, secret?: string): WorkbenchError {
  if (isWorkbenchError(err)) return err
  const raw = firstLine(err)
  if (UNAVAILABLE.some((re) => re.test(raw))) return new WorkbenchError('keychain_unavailable', NO_SECRET_SERVICE_REASON)
  if (LOCKED.some((re) => re.test(raw))) return new WorkbenchError('keychain_locked', LOCKED_REASON)
  if (NO_COLLECTION.some((re) => re.test(raw))) return new WorkbenchError('keychain_unavailable', NO_COLLECTION_REASON)
  const detail = secret && secret.length > 0 ? raw.split(secret).join('[redacted]') : raw
  return new WorkbenchError('keychain_failed', `The system keyring failed (${detail}). Try again, ${ENV_ADVICE}.`)
}

/** The keyring did not answer in time: a hung D-Bus call or a prompt nobody answers. */
export function keyringTimeout(ms: number): WorkbenchError {
  return new WorkbenchError(
    'keychain_timeout',
    `The system keyring did not answer within ${Math.round(ms / 1000)} s: check that GNOME Keyring or KWallet ` +
      `is running and unlocked, ${ENV_ADVICE}.`,
    { retryable: true }
  )
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  // keyring-rs appends "Caused by:" and a Rust backtrace after a blank line; none of it helps a user.
  return (text.split('\n')[0] ?? '').trim().slice(0, 200)
}
