import { z } from 'zod'
import { ModelRef, ProviderId, ProviderKind } from './domain'

/** A configured provider. API keys are not settings: they live in the keychain or the environment. */
export const ProviderConfig = z.object({
  id: ProviderId,
  kind: ProviderKind,
  label: z.string().min(1).max(80),
  baseUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
  enabled: z.boolean()
})
export type ProviderConfig = z.infer<typeof ProviderConfig>

export const Settings = z
  .object({
    providers: z.array(ProviderConfig).max(32),
    defaultModel: ModelRef.nullable()
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>()
    for (const [i, p] of s.providers.entries()) {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'id'], message: `duplicate provider id "${p.id}"` })
      seen.add(p.id)
      if (p.kind === 'openai-compatible' && p.baseUrl === null) {
        ctx.addIssue({ code: 'custom', path: ['providers', i, 'baseUrl'], message: 'an OpenAI-compatible provider needs a base URL' })
      }
    }
  })
export type Settings = z.infer<typeof Settings>

/** Where an effective value came from, so the UI can say "set by OPENAI_BASE_URL". */
export const ValueSource = z.enum(['settings', 'env', 'default'])

/** What the renderer may know about a provider: never the key itself. */
export const ProviderView = ProviderConfig.extend({
  effectiveBaseUrl: z.string().nullable(),
  baseUrlSource: ValueSource,
  keySource: z.enum(['env', 'keychain', 'none', 'not-needed']),
  keyHint: z.string().nullable()
})
export type ProviderView = z.infer<typeof ProviderView>

export const SettingsView = z.object({
  settings: Settings,
  providers: z.array(ProviderView),
  dataDir: z.string(),
  /** Where keys are kept, or why they cannot be ("no Secret Service on this machine"). */
  keyStore: z.object({ backend: z.string(), available: z.boolean(), reason: z.string().nullable() })
})
export type SettingsView = z.infer<typeof SettingsView>

export const DEFAULT_SETTINGS: Settings = {
  providers: [
    { id: 'openai', kind: 'openai', label: 'OpenAI', baseUrl: null, enabled: true },
    { id: 'anthropic', kind: 'anthropic', label: 'Anthropic', baseUrl: null, enabled: true },
    { id: 'ollama', kind: 'ollama', label: 'Ollama (local)', baseUrl: null, enabled: true }
  ],
  defaultModel: null
}
