import { getEventListeners } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Timeouts } from '../../../../../shared/types/settings'
import { currentAttempt, instrumentFetch } from '../../../../../electron/core/llm/policies/attempt-context'
import { AttemptTimeoutError, timeoutPolicy, type TimeoutClock } from '../../../../../electron/core/llm/policies/timeout'

const LIMITS: Timeouts = { connectMs: 1000, firstTokenMs: 3000, idleMs: 2000, totalMs: 20_000 }

/** An attempt the test drives by hand: headers, chunks, finishing. */
function attempt() {
  let finish: (value: string) => void = () => {}
  let fail: (err: unknown) => void = () => {}
  const seen: { signal: AbortSignal | null } = { signal: null }
  const fn = vi.fn(
    (signal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        seen.signal = signal
        finish = resolve
        fail = reject
      })
  )
  // Marks made from inside the attempt's async context, as the SDK fetch and the stream reader do.
  let progress: ReturnType<typeof currentAttempt>
  const wrapped = (signal: AbortSignal) => {
    progress = currentAttempt()
    return fn(signal)
  }
  return {
    fn: wrapped,
    calls: fn,
    seen,
    headers: () => progress!.markHeaders(),
    chunk: () => progress!.markChunk(),
    finish: (v: string) => finish(v),
    fail: (e: unknown) => fail(e)
  }
}

async function timeoutOf(p: Promise<unknown>): Promise<AttemptTimeoutError> {
  const err = await p.then(() => null, (e: unknown) => e)
  expect(err).toBeInstanceOf(AttemptTimeoutError)
  return err as AttemptTimeoutError
}

describe('timeoutPolicy', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('times out with kind connect when no headers arrive within connectMs, and aborts the attempt', async () => {
    const a = attempt()
    const result = timeoutOf(timeoutPolicy(LIMITS).execute(a.fn, new AbortController().signal))
    await vi.advanceTimersByTimeAsync(999)
    expect(a.seen.signal!.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const err = await result
    expect(err).toMatchObject({ name: 'TimeoutError', kind: 'connect', limitMs: 1000 })
    expect(a.seen.signal!.reason).toBe(err)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('times out with kind first-token when headers came but no chunk within firstTokenMs of the start', async () => {
    const a = attempt()
    const result = timeoutOf(timeoutPolicy(LIMITS).execute(a.fn, new AbortController().signal))
    await vi.advanceTimersByTimeAsync(500)
    a.headers()
    await vi.advanceTimersByTimeAsync(2499)
    expect(a.seen.signal!.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect((await result).kind).toBe('first-token')
  })

  it('times out with kind idle when the gap after a chunk exceeds idleMs', async () => {
    const a = attempt()
    const result = timeoutOf(timeoutPolicy(LIMITS).execute(a.fn, new AbortController().signal))
    a.headers()
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(1500) // each gap under idleMs: fine, and past firstTokenMs in all
      a.chunk()
    }
    await vi.advanceTimersByTimeAsync(1999)
    expect(a.seen.signal!.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect((await result).kind).toBe('idle')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('times out with kind total when a steady stream runs past totalMs', async () => {
    const a = attempt()
    const result = timeoutOf(timeoutPolicy(LIMITS).execute(a.fn, new AbortController().signal))
    a.headers()
    for (let elapsed = 0; elapsed < 19_900; elapsed += 100) {
      a.chunk()
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(a.seen.signal!.aborted).toBe(false)
    a.chunk()
    await vi.advanceTimersByTimeAsync(100)
    expect((await result).kind).toBe('total')
  })

  it('counts the first chunk as headers even when the fetch was not instrumented', async () => {
    const a = attempt()
    const result = timeoutPolicy(LIMITS).execute(a.fn, new AbortController().signal)
    await vi.advanceTimersByTimeAsync(900)
    a.chunk()
    await vi.advanceTimersByTimeAsync(1500)
    a.finish('done')
    await expect(result).resolves.toBe('done')
  })

  it('leaves no timer and no abort listener behind when the attempt succeeds or fails', async () => {
    const caller = new AbortController()
    const ok = attempt()
    const first = timeoutPolicy(LIMITS).execute(ok.fn, caller.signal)
    ok.headers()
    ok.chunk()
    ok.finish('fine')
    await expect(first).resolves.toBe('fine')
    const bad = attempt()
    const second = timeoutPolicy(LIMITS).execute(bad.fn, caller.signal)
    bad.fail(new Error('boom'))
    await expect(second).rejects.toThrow('boom')
    expect(vi.getTimerCount()).toBe(0)
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0)
  })

  it("passes the caller's abort to the attempt and rejects at once with its reason", async () => {
    const caller = new AbortController()
    const a = attempt()
    const result = timeoutPolicy(LIMITS).execute(a.fn, caller.signal)
    const reason = new DOMException('Stopped', 'AbortError')
    caller.abort(reason)
    await expect(result).rejects.toBe(reason)
    expect(a.seen.signal!.reason).toBe(reason)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('does not start an attempt when the caller already aborted', async () => {
    const a = attempt()
    await expect(timeoutPolicy(LIMITS).execute(a.fn, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' })
    expect(a.calls).not.toHaveBeenCalled()
  })

  it('drops the result of an attempt that settles after it timed out', async () => {
    const a = attempt()
    const result = timeoutOf(timeoutPolicy(LIMITS).execute(a.fn, new AbortController().signal))
    await vi.advanceTimersByTimeAsync(1000)
    a.fail(new Error('late'))
    expect((await result).kind).toBe('connect')
  })

  it('marks headers through an instrumented fetch called inside the attempt', async () => {
    const inner = vi.fn(async () => new Response('ok'))
    const instrumented = instrumentFetch(inner as unknown as typeof fetch)
    const result = timeoutPolicy(LIMITS).execute(async () => {
      await instrumented('http://example.invalid/')
      await new Promise((resolve) => setTimeout(resolve, 2000)) // past connectMs, before firstTokenMs
      currentAttempt()!.markChunk()
      return 'streamed'
    }, new AbortController().signal)
    await vi.advanceTimersByTimeAsync(2000)
    await expect(result).resolves.toBe('streamed')
    expect(inner).toHaveBeenCalledOnce()
  })
})

describe('timeoutPolicy with an injected clock', () => {
  it('keeps one timer at a time: chunks move no timers', async () => {
    let now = 0
    const pending = new Map<number, { at: number; fn: () => void }>()
    let nextId = 0
    let created = 0
    const clock: TimeoutClock = {
      now: () => now,
      setTimeout: (fn, ms) => {
        created++
        pending.set(++nextId, { at: now + ms, fn })
        return nextId
      },
      clearTimeout: (id) => void pending.delete(id as number)
    }
    const advance = (ms: number) => {
      now += ms
      for (const [id, t] of [...pending]) {
        if (t.at <= now) {
          pending.delete(id)
          t.fn()
        }
      }
    }
    let markChunk = () => {}
    let finish: (v: string) => void = () => {}
    const result = timeoutPolicy(LIMITS, clock).execute(
      () =>
        new Promise<string>((resolve) => {
          const progress = currentAttempt()!
          markChunk = () => progress.markChunk()
          finish = resolve
        }),
      new AbortController().signal
    )
    for (let i = 0; i < 1000; i++) {
      markChunk()
      advance(10)
    }
    finish('done')
    await expect(result).resolves.toBe('done')
    expect(pending.size).toBe(0)
    // 10 s of chunks every 10 ms: a wake-up per deadline passed (connect, first token, a few idle), not per chunk.
    expect(created).toBeLessThan(10)
  })
})
