import { z } from 'zod'
import { ModelRef, ProviderId, ProviderKind } from './domain'

/** Client-side limits, so the client queues itself instead of collecting 429s. null = no limit. */
export const ProviderLimits = z.object({
  requestsPerMinute: z.number().int().positive().nullable().default(null),
  tokensPerMinute: z.number().int().positive().nullable().default(null),
  /** The bulkhead: at most this many calls in flight to this provider from one process. */
  maxConcurrent: z.number().int().min(1).max(64).default(4)
})
export type ProviderLimits = z.infer<typeof ProviderLimits>

/** A configured provider. API keys are not settings: they live in the keychain or the environment. */
export const ProviderConfig = z.object({
  id: ProviderId,
  kind: ProviderKind,
  label: z.string().min(1).max(80),
  baseUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
  enabled: z.boolean(),
  limits: ProviderLimits.default({ requestsPerMinute: null, tokensPerMinute: null, maxConcurrent: 4 })
})
export type ProviderConfig = z.infer<typeof ProviderConfig>

/** Milliseconds an attempt may take: until response headers, until the first token, between chunks, in all. */
export const Timeouts = z.object({
  connectMs: z.number().int().min(100).max(600_000),
  firstTokenMs: z.number().int().min(100).max(600_000),
  idleMs: z.number().int().min(100).max(600_000),
  totalMs: z.number().int().min(1_000).max(3_600_000)
})
export type Timeouts = z.infer<typeof Timeouts>

/** Sensible for chat: a reasoning model may think a while before its first token. */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, firstTokenMs: 60_000, idleMs: 30_000, totalMs: 600_000 }

export const RouteName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'route names are lowercase letters, digits, - and _')

/** The route every message takes unless another is named. */
export const DEFAULT_ROUTE = 'default'

/** Where API keys are kept: the OS keychain, or (desktop app only, on request) Electron's safeStorage. */
export const KeyBackend = z.enum(['keychain', 'safe-storage'])
export type KeyBackend = z.infer<typeof KeyBackend>

export const Settings = z
  .object({
    providers: z.array(ProviderConfig).max(32),
    defaultModel: ModelRef.nullable(),
    /** Named routes: ordered provider:model targets, tried in turn. "default" is used unless another is named. */
    routes: z.record(RouteName, z.array(ModelRef).max(16)).default({}),
    timeouts: Timeouts.default(DEFAULT_TIMEOUTS),
    /** Per-target timeout overrides, e.g. a slow local model: { "ollama:llama3.2": { firstTokenMs: 120000 } }. */
    targetTimeouts: z.record(ModelRef, Timeouts.partial()).default({}),
    /** Switched with keys.useBackend, which first checks that the backend works here. */
    keyBackend: KeyBackend.default('keychain')
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

/**
 * A key held back because the provider now points at another server than the one the key was
 * saved for: it is not sent until the user re-enters it or confirms the new server outside the
 * page (a keychain key), or points the environment there too (a key from the environment).
 */
export const KeyHold = z.object({
  /** Where the key was saved for ("api.openai.com"), or null for a key saved before keys were bound. */
  savedFor: z.string().nullable(),
  /** Where the provider's calls would now go. */
  sendsTo: z.string(),
  source: z.enum(['env', 'keychain']),
  /** Whether this door can ask the user to confirm the new server (the app's native dialog); otherwise re-enter the key. */
  confirmable: z.boolean()
})
export type KeyHold = z.infer<typeof KeyHold>

/** What the renderer may know about a provider: never the key itself. */
export const ProviderView = ProviderConfig.extend({
  effectiveBaseUrl: z.string().nullable(),
  baseUrlSource: ValueSource,
  keySource: z.enum(['env', 'keychain', 'none', 'not-needed']),
  keyHint: z.string().nullable(),
  /** Set while the key is held back; null when it goes where it was saved for. */
  keyHold: KeyHold.nullable()
})
export type ProviderView = z.infer<typeof ProviderView>

export const SettingsView = z.object({
  settings: Settings,
  providers: z.array(ProviderView),
  dataDir: z.string(),
  /** Where keys are kept, or why they cannot be ("no Secret Service on this machine"). */
  keyStore: z.object({
    backend: z.string(),
    available: z.boolean(),
    reason: z.string().nullable(),
    /** Other backends that work here and the user may switch to with keys.useBackend (e.g. ['safe-storage'] without a keychain). */
    alternatives: z.array(KeyBackend)
  })
})
export type SettingsView = z.infer<typeof SettingsView>

const DEFAULT_LIMITS: ProviderLimits = { requestsPerMinute: null, tokensPerMinute: null, maxConcurrent: 4 }

export const DEFAULT_SETTINGS: Settings = {
  providers: [
    { id: 'openai', kind: 'openai', label: 'OpenAI', baseUrl: null, enabled: true, limits: DEFAULT_LIMITS },
    { id: 'anthropic', kind: 'anthropic', label: 'Anthropic', baseUrl: null, enabled: true, limits: DEFAULT_LIMITS },
    // One local model at a time is what a laptop can serve.
    { id: 'ollama', kind: 'ollama', label: 'Ollama (local)', baseUrl: null, enabled: true, limits: { ...DEFAULT_LIMITS, maxConcurrent: 2 } }
  ],
  defaultModel: null,
  routes: {},
  timeouts: DEFAULT_TIMEOUTS,
  targetTimeouts: {},
  keyBackend: 'keychain'
}
