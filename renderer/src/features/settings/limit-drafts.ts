import type { ProviderLimits, Timeouts } from '../../../../shared/types/settings'

/** A form's text fields: what the user typed, before it is a number. */
export type Draft<K extends string> = Record<K, string>

/** Seconds with one decimal are what people think in; the schema stores milliseconds. */
const TIMEOUT_FIELDS: ReadonlyArray<{ key: keyof Timeouts; label: string; minMs: number; maxMs: number }> = [
  { key: 'connectMs', label: 'Connect', minMs: 100, maxMs: 600_000 },
  { key: 'firstTokenMs', label: 'First token', minMs: 100, maxMs: 600_000 },
  { key: 'idleMs', label: 'Idle between chunks', minMs: 100, maxMs: 600_000 },
  { key: 'totalMs', label: 'Total', minMs: 1_000, maxMs: 3_600_000 }
]

/** The timeout fields in display order, with their bounds (the same as the Timeouts schema). */
export const timeoutFields = TIMEOUT_FIELDS

/** Timeouts as the form shows them, in seconds. */
export function timeoutsToDraft(t: Timeouts): Draft<keyof Timeouts> {
  return { connectMs: seconds(t.connectMs), firstTokenMs: seconds(t.firstTokenMs), idleMs: seconds(t.idleMs), totalMs: seconds(t.totalMs) }
}

/** Parses the form (seconds) into Timeouts, or says which field is wrong and why. */
export function parseTimeouts(draft: Draft<keyof Timeouts>): { value: Timeouts } | { problem: string } {
  const value: Partial<Timeouts> = {}
  for (const f of TIMEOUT_FIELDS) {
    const n = Number(draft[f.key].trim())
    if (draft[f.key].trim() === '' || !Number.isFinite(n)) return { problem: `${f.label}: enter a number of seconds.` }
    const ms = Math.round(n * 1000)
    if (ms < f.minMs || ms > f.maxMs) return { problem: `${f.label}: between ${seconds(f.minMs)} and ${seconds(f.maxMs)} seconds.` }
    value[f.key] = ms
  }
  return { value: value as Timeouts }
}

/** Limits as the form shows them; an empty field means no limit. */
export function limitsToDraft(l: ProviderLimits): Draft<keyof ProviderLimits> {
  return {
    requestsPerMinute: l.requestsPerMinute === null ? '' : String(l.requestsPerMinute),
    tokensPerMinute: l.tokensPerMinute === null ? '' : String(l.tokensPerMinute),
    maxConcurrent: String(l.maxConcurrent)
  }
}

/** Parses a provider's limits form, or says what is wrong (the same rules as the ProviderLimits schema). */
export function parseLimits(draft: Draft<keyof ProviderLimits>): { value: ProviderLimits } | { problem: string } {
  const rpm = optionalPositive(draft.requestsPerMinute, 'Requests per minute')
  if (typeof rpm === 'string') return { problem: rpm }
  const tpm = optionalPositive(draft.tokensPerMinute, 'Tokens per minute')
  if (typeof tpm === 'string') return { problem: tpm }
  const max = Number(draft.maxConcurrent.trim())
  if (!Number.isInteger(max) || max < 1 || max > 64) return { problem: 'At most in flight: a whole number from 1 to 64.' }
  return { value: { requestsPerMinute: rpm.value, tokensPerMinute: tpm.value, maxConcurrent: max } }
}

function optionalPositive(text: string, label: string): { value: number | null } | string {
  const t = text.trim()
  if (t === '') return { value: null }
  const n = Number(t)
  return Number.isInteger(n) && n > 0 ? { value: n } : `${label}: a whole number above 0, or empty for no limit.`
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10)
}
