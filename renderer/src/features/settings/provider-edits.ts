import type { ProviderConfig, ProviderView } from '../../../../shared/types/settings'

/** The provider list with one provider changed; settings.setProviders takes the whole list. */
export function withPatch(providers: readonly ProviderView[], id: string, patch: Partial<ProviderConfig>): ProviderConfig[] {
  return providers.map((p) => (p.id === id ? { ...p, ...patch } : p))
}

/** The provider list without one provider. */
export function without(providers: readonly ProviderView[], id: string): ProviderConfig[] {
  return providers.filter((p) => p.id !== id)
}

/** Only user-added endpoints can be removed; the built-in three can be disabled instead. */
export function isCustom(p: Pick<ProviderConfig, 'kind'>): boolean {
  return p.kind === 'openai-compatible'
}

/** Same rule as the ProviderId schema, checked early so the form can say what is wrong. */
export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/

/** What is wrong with a new provider's fields, or null when it can be saved. */
export function validateNewProvider(fields: { id: string; label: string; baseUrl: string }, existing: readonly { id: string }[]): string | null {
  if (!PROVIDER_ID_PATTERN.test(fields.id)) return 'The id must be lowercase letters, digits and dashes (up to 32), e.g. "groq".'
  if (existing.some((p) => p.id === fields.id)) return `A provider "${fields.id}" already exists.`
  if (!fields.label.trim()) return 'Give the provider a label.'
  if (!/^https?:\/\/\S+$/.test(fields.baseUrl.trim())) return 'The base URL must start with http:// or https://, e.g. http://localhost:1234/v1.'
  return null
}
