import { z } from 'zod'
import type { ProviderConfig } from '../../../shared/types/settings'
import { DEFAULT_BASE_URLS } from '../llm/providers/provider-kit'
import { effectiveBaseUrl } from '../settings/env-overrides'
import type { KeyValueRepo } from '../store/types'

/**
 * A stored key belongs to the server it was entered for. Whoever can change a provider's base URL
 * (anyone holding the serve token, a hand-edited setting) must not thereby make the app send the
 * key to a server of their choosing: the key is sent only to the origin recorded here when it was
 * saved, until the user re-enters it or confirms the new origin through a door of their own (the
 * app's native dialog, `workbench keys bind` in a terminal).
 *
 * Bindings live in their own database entry, beside the settings but out of their reach:
 * `settings.set` and `config set` cannot write them. They hold origins, never keys.
 */
const KV_KEY = 'keyBindings'

const Bindings = z.record(z.string(), z.string())

/** Origins by provider id, in the database. */
export interface KeyBindings {
  /** The origin a provider's stored key may be sent to, or null when none was recorded. */
  get(providerId: string): string | null
  set(providerId: string, origin: string): void
  delete(providerId: string): void
  /**
   * Run once, at the first start of a version that binds keys: every provider's key is bound to
   * where the settings already send it, so an upgrade asks nobody anything. Later, a provider
   * without a binding has a key nobody bound, and it is held back.
   */
  adoptExisting(origins: ReadonlyArray<{ id: string; origin: string }>): void
}

export function createKeyBindings(kv: KeyValueRepo): KeyBindings {
  // Read on every keychain key lookup, so on every request: parse only when the stored text
  // changed (another process may have written it), as the settings service does.
  let cached: { raw: string | undefined; value: Record<string, string> | null } | null = null
  const read = (): Record<string, string> | null => {
    const raw = kv.getRaw(KV_KEY)
    if (cached === null || cached.raw !== raw) {
      const parsed = raw === undefined ? null : Bindings.safeParse(JSON.parse(raw))
      cached = { raw, value: parsed?.success ? parsed.data : null }
    }
    return cached.value
  }
  const write = (next: Record<string, string>): void => kv.set(KV_KEY, next)
  return {
    get: (id) => read()?.[id] ?? null,
    set: (id, origin) => write({ ...read(), [id]: origin }),
    delete(id) {
      const { [id]: _gone, ...rest } = read() ?? {}
      write(rest)
    },
    adoptExisting(origins) {
      if (read() !== null) return
      write(Object.fromEntries(origins.map((o) => [o.id, o.origin])))
    }
  }
}

type Env = Record<string, string | undefined>

/** The origin (scheme, host and port) a provider's calls go to: its effective base URL, or the SDK's default. */
export function destinationOrigin(provider: ProviderConfig, env: Env): string {
  return originOf(effectiveBaseUrl(provider, env).url ?? defaultUrl(provider.kind))
}

/**
 * Where a key from the environment may go: where the environment alone would send it
 * (OPENAI_BASE_URL, or the provider's own service). A base URL from the settings does not carry it.
 */
export function environmentOrigin(provider: ProviderConfig, env: Env): string {
  return originOf(effectiveBaseUrl({ ...provider, baseUrl: null }, env).url ?? defaultUrl(provider.kind))
}

/** "api.openai.com" for https on its usual port; the whole origin otherwise, so http and ports show. */
export function describeOrigin(origin: string): string {
  return origin.startsWith('https://') && !/:\d+$/.test(origin) ? origin.slice('https://'.length) : origin
}

function defaultUrl(kind: ProviderConfig['kind']): string {
  // A compatible endpoint always has a base URL (the settings schema demands one).
  return kind === 'openai-compatible' ? 'http://invalid' : DEFAULT_BASE_URLS[kind]
}

function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}
