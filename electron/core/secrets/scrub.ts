import { toErrorData } from '../../../shared/errors'
import type { ErrorData } from '../../../shared/types/domain'

/** What a removed secret is replaced with. */
export const REDACTED = '[redacted]'

/** Removes API keys from text before it is shown, logged or sent across a boundary. */
export interface Scrubber {
  /** Remembers a secret so that every later scrub removes it. Values under 8 characters are ignored. */
  register(secret: string | null | undefined): void
  /** The text with every registered secret and every key-shaped token replaced by [redacted]. */
  scrub(text: string): string
  /** The same error data with its message scrubbed. */
  scrubErrorData(data: ErrorData): ErrorData
  /** Anything thrown, as error data with its message scrubbed. */
  scrubError(err: unknown): ErrorData
  /** Scrubs an Error's message and stack in place (for rethrowing or logging it) and returns it. */
  scrubErrorObject<E extends Error>(err: E): E
}

// Shorter values would redact ordinary words; real API keys are far longer.
const MIN_SECRET_LENGTH = 8

// A server (or a model) can echo a key spaced out, split by dots or dashes, or across lines, to
// slip it past a literal match: up to five separators (enough for `" + "`) between any two of its
// characters still spell the key. Whitespace (with the zero-width kinds), punctuation and symbols count.
const SEPARATOR = String.raw`[\s\u200b-\u200d\u2060\ufeff.,;:!?'"\x60~*_+=|\\/()[\]{}<>#@$%^&-]`
const SEPARATORS = `${SEPARATOR}{0,5}`
// How many leading characters of a key the quick pre-test looks for (see createScrubber).
const PREFIX_LENGTH = 6

/**
 * A regular expression source matching `secret` in one piece or split by separators, ignoring
 * case (an upper-cased key is still the key). One rule for the scrubber and the one-shot scrub.
 */
function secretPattern(secret: string): string {
  return [...secret].map(escapeRegExp).join(SEPARATORS)
}

// One pass over the text, leftmost match wins. Group numbers are used in redactKeyShapes.
const KEY_SHAPES = new RegExp(
  [
    // 1-3: a named field or header: x-api-key: v, "apiKey": "v", api_key=v, Authorization: Bearer v
    String.raw`((?:x-api-key|api[_-]?key|access[_-]?token|authorization)["']?\s*[:=]\s*["']?)((?:bearer|basic|token)\s+)?([^\s"'&,;}\]]+)`,
    // 4: a key in a query string (?key=..., &access_token=...)
    String.raw`([?&](?:key|access_token|token)=)[^&\s"'#]+`,
    // 5: "Bearer <token>" anywhere; the token must hold a digit so "Bearer authentication" stays
    String.raw`(bearer\s+)(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}`,
    // OpenAI (sk-, sk-proj-) and Anthropic (sk-ant-) key shapes
    // ('*' included: servers echo half-masked keys such as sk-pro********wxyz)
    String.raw`(?<![A-Za-z0-9])sk-[A-Za-z0-9_*-]{16,}`
  ].join('|'),
  'gi'
)

/** Replaces key-shaped tokens (sk-..., Bearer ..., x-api-key: ..., api_key=...) with [redacted]. */
export function redactKeyShapes(text: string): string {
  return text.replace(KEY_SHAPES, (_match, field?: string, scheme?: string, _value?: string, query?: string, bearer?: string) => {
    if (field !== undefined) return `${field}${scheme ?? ''}${REDACTED}`
    if (query !== undefined) return `${query}${REDACTED}`
    if (bearer !== undefined) return `${bearer}${REDACTED}`
    return REDACTED
  })
}

/**
 * One-shot scrubbing for callers that hold the secrets themselves (a provider adapter knows the
 * key it just used): the exact values first, so a key without a known prefix is caught too.
 */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = text
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.replace(new RegExp(secretPattern(secret), 'gi'), REDACTED)
  }
  return redactKeyShapes(out)
}

/** A scrubber that knows no secrets yet; the key resolver registers every key it hands out. */
export function createScrubber(): Scrubber {
  const secrets = new Set<string>()
  let known: RegExp | null = null
  // The tolerant expression is ten times dearer than a literal one; every match of it starts with a
  // match of its first few characters, so a cheap test of those keeps a log line without a key fast.
  let prefixes: RegExp | null = null

  const scrub = (text: string): string => {
    let out = text
    if (known !== null && out.length >= MIN_SECRET_LENGTH && prefixes?.test(out)) out = out.replace(known, REDACTED)
    return redactKeyShapes(out)
  }

  return {
    register(secret) {
      const value = secret?.trim()
      if (!value || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return
      secrets.add(value)
      // Longest first, so a key that contains another registered key is removed whole.
      const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(secretPattern)
      known = new RegExp(alternatives.join('|'), 'gi')
      const starts = new Set([...secrets].map((v) => v.slice(0, PREFIX_LENGTH).toLowerCase()))
      prefixes = new RegExp([...starts].map(secretPattern).join('|'), 'i')
    },
    scrub,
    scrubErrorData(data) {
      return { ...data, message: scrub(data.message) }
    },
    scrubError(err) {
      const data = toErrorData(err)
      return { ...data, message: scrub(data.message) }
    },
    scrubErrorObject(err) {
      err.message = scrub(err.message)
      if (typeof err.stack === 'string') err.stack = scrub(err.stack)
      return err
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}
