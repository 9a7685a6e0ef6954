/** Whether a cipher can encrypt with a key the OS protects, and if not, why. */
export type CipherStatus = { available: true; backend: string } | { available: false; reason: string }

/**
 * Encryption the core borrows from its host. In the desktop app this is Electron's safeStorage,
 * which lives in the main process (the core's utility process cannot use it), so every call may
 * cross a process boundary: hence strings (base64 ciphertext) and promises.
 */
export interface Cipher {
  /** Never `available` for a key that is not OS-protected (Electron's basic_text fallback on Linux). */
  status(): Promise<CipherStatus>
  /** The ciphertext of `plaintext`, base64-encoded. Throws when status() is not available. */
  encrypt(plaintext: string): Promise<string>
  /** The plaintext of base64 `ciphertext`; throws if it cannot be decrypted (another OS key, corrupt). */
  decrypt(ciphertext: string): Promise<string>
}

/** Why safeStorage is missing outside the desktop app: the CLI and `workbench serve` have no Electron. */
export const SAFE_STORAGE_APP_ONLY =
  "Keys are set to be kept with Electron's safeStorage, which only the desktop app can use. Open the app " +
  '(Settings → Storage) to use them or to switch back to the system keychain, or set the API key in the ' +
  'environment (OPENAI_API_KEY, ANTHROPIC_API_KEY).'
