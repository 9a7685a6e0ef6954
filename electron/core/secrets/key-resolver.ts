import { toErrorData } from '../../../shared/errors'
import type { ErrorData, ProviderKind } from '../../../shared/types/domain'
import type { SecretStore } from './secret-store'
import type { Scrubber } from './scrub'

/** Where a provider's key came from; the same values as ProviderView.keySource. */
export type KeySource = 'env' | 'keychain' | 'none' | 'not-needed'

/** A provider's key as resolved for one request. Only `hint` may be shown to the user. */
export interface ResolvedKey {
  key: string | null
  source: KeySource
  /** The last four characters, for "…abcd" in the UI; null when there is no key or it is too short to hint at. */
  hint: string | null
  /** Why the keychain could not be read (locked, no Secret Service), when that is why there is no key. */
  problem: ErrorData | null
}

/** The provider identity the resolver needs: the id is the keychain account, the kind picks the variable. */
export interface KeyedProvider {
  id: string
  kind: ProviderKind
}

/** Resolves API keys; see createKeyResolver. */
export interface KeyResolver {
  resolve(provider: KeyedProvider): Promise<ResolvedKey>
}

/**
 * The environment variable that overrides the keychain, per kind. OpenAI-compatible endpoints have
 * none: OPENAI_API_KEY is meant for api.openai.com and must not leak to a third-party server.
 */
export const ENV_KEY_VARIABLE: Readonly<Partial<Record<ProviderKind, string>>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY'
}

/**
 * The variable that overrides this provider's key, or null. Only the built-in provider (id equal
 * to its kind, e.g. "openai") takes it: a second OpenAI account keeps its own keychain key.
 */
export function envKeyVariable(provider: KeyedProvider): string | null {
  return provider.id === provider.kind ? (ENV_KEY_VARIABLE[provider.kind] ?? null) : null
}

/** Whether a provider kind cannot work without a key (OpenAI-compatible keys are optional). */
export function keyRequired(kind: ProviderKind): boolean {
  return kind === 'openai' || kind === 'anthropic'
}

// Shorter keys are not real API keys; showing four characters of one would show most of it.
const MIN_HINTED_LENGTH = 12

/**
 * Resolves a provider's key: the environment first (built-in OpenAI and Anthropic only), then the
 * secret store; Ollama needs none.
 * Nothing is cached, so a key replaced in the keychain or the environment is used by the next
 * request without a restart. Every key handed out is registered with the scrubber so it can
 * never reach an error message or a log line.
 */
export function createKeyResolver(deps: {
  /** Read on every call; pass process.env itself to see later changes. */
  env: Record<string, string | undefined>
  secrets: SecretStore
  scrubber?: Scrubber
}): KeyResolver {
  const found = (key: string, source: 'env' | 'keychain'): ResolvedKey => {
    deps.scrubber?.register(key)
    return { key, source, hint: key.length >= MIN_HINTED_LENGTH ? key.slice(-4) : null, problem: null }
  }
  const none = (problem: ErrorData | null): ResolvedKey => ({ key: null, source: 'none', hint: null, problem })

  return {
    async resolve(provider) {
      if (provider.kind === 'ollama') return { key: null, source: 'not-needed', hint: null, problem: null }
      const variable = envKeyVariable(provider)
      const fromEnv = variable === null ? null : clean(deps.env[variable])
      if (fromEnv !== null) return found(fromEnv, 'env')
      try {
        const stored = clean(await deps.secrets.get(provider.id))
        return stored === null ? none(null) : found(stored, 'keychain')
      } catch (err) {
        // A locked or missing keyring is reported, not thrown: the settings view lists it and a
        // request fails with this message instead of a vague "no key".
        return none(deps.scrubber ? deps.scrubber.scrubError(err) : toErrorData(err))
      }
    }
  }
}

/** The message for a request that needs a key and has none, naming what the user can do. */
export function missingKeyMessage(provider: KeyedProvider & { label?: string }, resolved: ResolvedKey): string {
  if (resolved.problem !== null) return resolved.problem.message
  const name = provider.label ?? provider.id
  const variable = envKeyVariable(provider)
  const orEnv = variable === null ? '' : ` or set ${variable} in the environment`
  return `No API key for ${name}: add one in Settings${orEnv}.`
}

// A key pasted with a trailing newline would break the HTTP header; an empty variable means unset.
function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? ''
  return trimmed.length > 0 ? trimmed : null
}
