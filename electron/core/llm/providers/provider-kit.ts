import { isWorkbenchError } from '../../../../shared/errors'
import { ProviderError } from '../errors'
import { abortedError, missingKeyError, type ErrorContext } from '../map-error'
import { scrubSecrets } from '../../secrets/scrub'
import type { FinishReason, ProviderEndpoint } from '../types'

/** Where each SDK would send requests when no base URL is configured; written out so the SDKs never read env vars. */
export const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  ollama: 'http://127.0.0.1:11434'
} as const

/** A call's key and the error context built around it (the key is a secret to scrub). */
export interface CallContext {
  key: string | null
  errors: ErrorContext
}

/**
 * Reads the key for this one call (so a rotated key is used from the next request on) and
 * fails with 'missing_api_key' when the provider needs one and none is set.
 */
export async function beginCall(endpoint: ProviderEndpoint, keyRequired: boolean, signal?: AbortSignal): Promise<CallContext> {
  const errors = errorContext(endpoint, [], signal)
  if (signal?.aborted) throw abortedError(errors)
  let key: string | null
  try {
    key = (await endpoint.apiKey()) || null
  } catch (err) {
    const reason = scrubSecrets(err instanceof Error ? err.message : String(err))
    // A key held back for another server (keys/key-bindings.ts) says so itself, in its own words.
    if (isWorkbenchError(err) && err.code === 'key_not_confirmed') throw new ProviderError({ provider: endpoint.id, failure: 'config', code: err.code, message: reason })
    throw new ProviderError({ provider: endpoint.id, failure: 'config', code: 'key_unavailable', message: `Could not read the API key for ${errors.label}: ${reason}` })
  }
  const withKey = errorContext(endpoint, [key], signal)
  if (keyRequired && key === null) throw missingKeyError(withKey)
  if (signal?.aborted) throw abortedError(withKey)
  return { key, errors: withKey }
}

function errorContext(endpoint: ProviderEndpoint, secrets: Array<string | null>, signal?: AbortSignal): ErrorContext {
  const base = { provider: endpoint.id, secrets, signal, baseUrl: endpoint.baseUrl }
  switch (endpoint.kind) {
    case 'openai':
      return { ...base, label: 'OpenAI', keyHint: 'Set OPENAI_API_KEY or add a key in Settings.', baseUrl: endpoint.baseUrl ?? DEFAULT_BASE_URLS.openai }
    case 'anthropic':
      return { ...base, label: 'Anthropic', keyHint: 'Set ANTHROPIC_API_KEY or add a key in Settings.', baseUrl: endpoint.baseUrl ?? DEFAULT_BASE_URLS.anthropic }
    case 'ollama':
      return { ...base, label: 'Ollama', keyHint: null, unreachableHint: 'Is Ollama running?', baseUrl: endpoint.baseUrl ?? DEFAULT_BASE_URLS.ollama }
    case 'openai-compatible':
      return { ...base, label: `OpenAI-compatible endpoint "${endpoint.id}"`, keyHint: `Add a key for "${endpoint.id}" in Settings.`, unreachableHint: 'Is the server running?' }
  }
}

/**
 * Keeps the last SDK client and reuses it while the key stays the same: clients hold
 * connection pools worth keeping, and a rotated key simply builds a new one.
 */
export function clientCache<T>(build: (key: string | null) => T): (key: string | null) => T {
  let last: { key: string | null; client: T } | null = null
  return (key) => {
    if (last === null || last.key !== key) last = { key, client: build(key) }
    return last.client
  }
}

/** Maps each provider's stop reasons to ours; unknown ones become 'other'. */
export function finishReasonOf(raw: string | null | undefined, table: Readonly<Record<string, FinishReason>>): FinishReason {
  return (raw && table[raw]) || 'other'
}
