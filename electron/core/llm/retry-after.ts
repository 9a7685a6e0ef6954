/** The part of a Headers object the parser needs, so SDK and fetch headers both fit. */
export interface HeaderReader {
  get(name: string): string | null
}

/**
 * How long the server asked us to wait, in ms, or null when it did not say.
 * `retry-after-ms` (OpenAI, Anthropic) is the precise one and wins; `Retry-After` is seconds
 * (possibly fractional) or an HTTP date, which is measured against `now`.
 */
export function parseRetryAfter(headers: HeaderReader | null | undefined, now: () => number = Date.now): number | null {
  if (!headers) return null
  const ms = headers.get('retry-after-ms')
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms)
    if (Number.isFinite(value)) return Math.max(0, Math.round(value))
  }
  const after = headers.get('retry-after')
  if (after === null || after.trim() === '') return null
  const seconds = Number(after)
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000))
  const date = Date.parse(after)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - now())
}
