import { describe, expect, it } from 'vitest'
import { backoffDelay, serverDelay } from '../../../../../electron/core/llm/policies/backoff'

/** mulberry32: a tiny seeded generator, so the jitter is random yet repeatable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const options = { baseDelayMs: 250, maxDelayMs: 4000 }

describe('backoffDelay (full jitter)', () => {
  it.each([
    [1, 250],
    [2, 500],
    [3, 1000],
    [4, 2000],
    [5, 4000],
    [9, 4000]
  ])('keeps the wait after try %i within [0, %i) and uses the whole range', (tryNo, ceiling) => {
    const random = seeded(tryNo)
    const delays = Array.from({ length: 2000 }, () => backoffDelay(tryNo, { ...options, random }))
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...delays)).toBeLessThan(ceiling)
    // Full jitter: spread over the whole range, not bunched near the ceiling.
    expect(Math.min(...delays)).toBeLessThan(ceiling * 0.05)
    expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.95)
  })

  it('is exactly random() times the ceiling', () => {
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(500)
    expect(backoffDelay(1, { ...options, random: () => 0 })).toBe(0)
  })

  it('never exceeds maxDelayMs however many tries failed', () => {
    expect(backoffDelay(60, { ...options, random: () => 0.999999 })).toBeLessThan(4000)
  })
})

describe('serverDelay', () => {
  it("waits exactly what the server asked, rounded up to a whole ms, without jitter", () => {
    expect(serverDelay(1500)).toBe(1500)
    expect(serverDelay(0.2)).toBe(1)
    expect(serverDelay(0)).toBe(0)
  })
})
