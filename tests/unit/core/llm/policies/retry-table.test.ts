import { describe, expect, it } from 'vitest'
import type { AttemptOutcome } from '../../../../../shared/types/domain'
import { AttemptOutcome as AttemptOutcomes } from '../../../../../shared/types/domain'
import { RETRY_TABLE, decideRetry, retryRowFor, type RetryInput, type RetryOptions } from '../../../../../electron/core/llm/policies/retry-table'

const options: RetryOptions = { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 4000, maxRetryAfterMs: 10_000, random: () => 0.5 }

function input(outcome: AttemptOutcome, extra: Partial<RetryInput> = {}): RetryInput {
  return { outcome, httpStatus: null, networkCode: null, tryNo: 1, retryAfterMs: null, hasNextTarget: true, ...extra }
}

/** The action for tries 1, 2, 3… until the table stops retrying. */
function actions(base: RetryInput, opts = options): string[] {
  const seen: string[] = []
  for (let tryNo = 1; tryNo <= 5; tryNo++) {
    const d = decideRetry({ ...base, tryNo }, opts)
    seen.push(d.action)
    if (d.action !== 'retry') break
  }
  return seen
}

describe('the retry table', () => {
  it('has a row for every outcome, each ending in a catch-all row', () => {
    for (const outcome of AttemptOutcomes.options) {
      const rows = RETRY_TABLE[outcome]
      expect(rows.length, outcome).toBeGreaterThan(0)
      const last = rows[rows.length - 1]!
      expect(last.statuses === undefined && last.networkCodes === undefined, outcome).toBe(true)
    }
  })

  it('retries 429 up to maxRetries with backoff, then moves to the next target', () => {
    expect(actions(input('http-429', { httpStatus: 429 }))).toEqual(['retry', 'retry', 'next-target'])
    expect(decideRetry(input('http-429', { httpStatus: 429, tryNo: 2 }), options)).toMatchObject({ delayMs: 250 })
  })

  it('waits exactly the Retry-After of a 429 within the cap', () => {
    expect(decideRetry(input('http-429', { httpStatus: 429, retryAfterMs: 7000 }), options)).toMatchObject({ action: 'retry', delayMs: 7000 })
    expect(decideRetry(input('http-429', { httpStatus: 429, retryAfterMs: 10_000 }), options)).toMatchObject({ action: 'retry', delayMs: 10_000 })
  })

  it('moves to the next target at once when Retry-After is beyond the cap', () => {
    const d = decideRetry(input('http-429', { httpStatus: 429, retryAfterMs: 10_001 }), options)
    expect(d).toEqual({ action: 'next-target', reason: expect.stringContaining('over the 10000 ms cap') })
    expect(decideRetry(input('http-429', { httpStatus: 429, retryAfterMs: 60_000 }), { ...options, maxRetryAfterMs: 120_000 })).toMatchObject({ action: 'retry', delayMs: 60_000 })
  })

  it.each([408, 409])('retries a %i with backoff like a server error', (status) => {
    expect(actions(input('http-4xx', { httpStatus: status }))).toEqual(['retry', 'retry', 'next-target'])
  })

  it.each([400, 401, 403, 404, 413, 422])('never retries a %i, and moves to the next target', (status) => {
    expect(actions(input('http-4xx', { httpStatus: status }))).toEqual(['next-target'])
    expect(actions(input('http-4xx', { httpStatus: status, hasNextTarget: false }))).toEqual(['next-target'])
  })

  it('never retries an in-stream client error that has no status', () => {
    expect(actions(input('http-4xx'))).toEqual(['next-target'])
  })

  it.each([500, 502, 503, 504, 529])('retries a %i with backoff, honouring Retry-After', (status) => {
    expect(actions(input('http-5xx', { httpStatus: status }))).toEqual(['retry', 'retry', 'next-target'])
    expect(decideRetry(input('http-5xx', { httpStatus: status, retryAfterMs: 3000 }), options)).toMatchObject({ action: 'retry', delayMs: 3000 })
    expect(decideRetry(input('http-5xx', { httpStatus: status, retryAfterMs: 30_000 }), options).action).toBe('next-target')
  })

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])(
    'fails over at once on %s when another target follows, and retries once when it is the last',
    (code) => {
      expect(actions(input('network', { networkCode: code }))).toEqual(['next-target'])
      expect(actions(input('network', { networkCode: code, hasNextTarget: false }))).toEqual(['retry', 'next-target'])
    }
  )

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', null])('retries other network failures (%s) before any token', (code) => {
    expect(actions(input('network', { networkCode: code }))).toEqual(['retry', 'retry', 'next-target'])
  })

  it.each(['timeout-connect', 'timeout-first-token', 'protocol'] as const)('retries %s once at most', (outcome) => {
    expect(actions(input(outcome))).toEqual(['retry', 'next-target'])
    expect(actions(input(outcome), { ...options, maxRetries: 5 })).toEqual(['retry', 'next-target'])
  })

  it.each(['timeout-idle', 'timeout-total', 'stream-broken', 'context-length', 'config'] as const)(
    'never retries %s on the same target, even as the last one',
    (outcome) => {
      expect(actions(input(outcome))).toEqual(['next-target'])
      expect(actions(input(outcome, { hasNextTarget: false }))).toEqual(['next-target'])
    }
  )

  it.each(['offline', 'breaker-open', 'rate-limited', 'budget', 'ok'] as const)('treats %s as nothing to retry', (outcome) => {
    expect(actions(input(outcome))).toEqual(['next-target'])
  })

  it('stops the whole route on an abort, and only then', () => {
    expect(decideRetry(input('aborted'), options)).toEqual({ action: 'stop', reason: expect.stringContaining('stopped') })
    const stopping = AttemptOutcomes.options.filter((o) => RETRY_TABLE[o].some((row) => row.then === 'stop'))
    expect(stopping).toEqual(['aborted'])
  })

  it('retries nothing when maxRetries is 0', () => {
    for (const outcome of AttemptOutcomes.options) {
      expect(decideRetry(input(outcome, { hasNextTarget: false, httpStatus: 503 }), { ...options, maxRetries: 0 }).action, outcome).not.toBe('retry')
    }
  })

  it('picks rows by status and socket error within an outcome', () => {
    expect(retryRowFor({ outcome: 'http-4xx', httpStatus: 409, networkCode: null }).retries).toBe('max')
    expect(retryRowFor({ outcome: 'http-4xx', httpStatus: 400, networkCode: null }).retries).toBe(0)
    expect(retryRowFor({ outcome: 'network', httpStatus: null, networkCode: 'ENOTFOUND' }).retriesWhenLast).toBe(1)
  })

  it('explains each decision', () => {
    expect(decideRetry(input('http-4xx', { httpStatus: 401 }), options).reason).toBe('http-4xx (401): 400/401/403/404/422: the same request fails the same way')
    expect(decideRetry(input('http-429', { httpStatus: 429, retryAfterMs: 2000 }), options).reason).toBe('http-429 (429): retry 1 of 2 after 2000 ms, as the server asked')
  })
})
