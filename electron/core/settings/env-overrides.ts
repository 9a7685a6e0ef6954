import type { ProviderConfig } from '../../../shared/types/settings'

type Env = Record<string, string | undefined>

/** The variables the official SDKs already read, applied to the built-in provider of that kind. */
const BASE_URL_VARS: Partial<Record<ProviderConfig['kind'], string>> = {
  openai: 'OPENAI_BASE_URL',
  anthropic: 'ANTHROPIC_BASE_URL',
  ollama: 'OLLAMA_HOST'
}

/** Which environment variable overrides this provider's base URL, if any. Custom endpoints have none. */
export function baseUrlVariable(provider: Pick<ProviderConfig, 'id' | 'kind'>): string | null {
  if (provider.kind === 'openai-compatible') return null
  // Only the first provider of a kind (the built-in one, id = kind) follows the SDK variable.
  return provider.id === provider.kind ? (BASE_URL_VARS[provider.kind] ?? null) : null
}

export interface EffectiveBaseUrl {
  url: string | null
  source: 'settings' | 'env' | 'default'
}

/** The base URL a provider will use: environment over settings over the SDK's default. */
export function effectiveBaseUrl(provider: ProviderConfig, env: Env): EffectiveBaseUrl {
  const variable = baseUrlVariable(provider)
  const fromEnv = variable ? env[variable]?.trim() : undefined
  if (fromEnv) return { url: normaliseUrl(fromEnv, provider.kind), source: 'env' }
  if (provider.baseUrl) return { url: normaliseUrl(provider.baseUrl, provider.kind), source: 'settings' }
  return { url: provider.kind === 'ollama' ? 'http://127.0.0.1:11434' : null, source: 'default' }
}

/** OLLAMA_HOST is often "0.0.0.0:11434" or "localhost"; the SDKs want a full URL. */
function normaliseUrl(raw: string, kind: ProviderConfig['kind']): string {
  let url = /^https?:\/\//i.test(raw) ? raw : `http://${raw}`
  if (kind === 'ollama') {
    const parsed = new URL(url)
    if (parsed.hostname === '0.0.0.0') parsed.hostname = '127.0.0.1'
    if (!parsed.port && !/^https?:\/\/[^/]+:\d+/.test(url)) parsed.port = '11434'
    url = parsed.toString()
  }
  return url.replace(/\/+$/, '')
}
