import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../../../../electron/core/llm/retry-after'

const headers = (init: Record<string, string>): Headers => new Headers(init)

describe('parseRetryAfter', () => {
  it('prefers the precise retry-after-ms over Retry-After', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '1250.4', 'retry-after': '9' }))).toBe(1250)
  })

  it('reads Retry-After seconds, including fractions', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '7' }))).toBe(7000)
    expect(parseRetryAfter(headers({ 'retry-after': '0.5' }))).toBe(500)
  })

  it('measures an HTTP-date Retry-After against the injected clock', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' }), () => now)).toBe(30_000)
  })

  it('never returns a negative wait for a date in the past', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }), () => Date.now())).toBe(0)
  })

  it('returns null when there is no header or it cannot be read', () => {
    expect(parseRetryAfter(null)).toBeNull()
    expect(parseRetryAfter(headers({}))).toBeNull()
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeNull()
    expect(parseRetryAfter(headers({ 'retry-after-ms': 'x', 'retry-after': '2' }))).toBe(2000)
  })
})
