import { describe, expect, it, vi } from 'vitest'
import { currentAttempt, instrumentFetch, runInAttempt, type AttemptProgress } from '../../../../../electron/core/llm/policies/attempt-context'

function recorder() {
  const marks: string[] = []
  const progress: AttemptProgress = { markHeaders: () => marks.push('headers'), markChunk: () => marks.push('chunk') }
  return { marks, progress }
}

describe('the attempt context', () => {
  it('is undefined outside an attempt and follows awaits inside one', async () => {
    expect(currentAttempt()).toBeUndefined()
    const { progress } = recorder()
    await runInAttempt(progress, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      expect(currentAttempt()).toBe(progress)
    })
    expect(currentAttempt()).toBeUndefined()
  })

  it('keeps concurrent attempts apart', async () => {
    const a = recorder()
    const b = recorder()
    const mark = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      currentAttempt()!.markChunk()
    }
    await Promise.all([runInAttempt(a.progress, mark), runInAttempt(b.progress, mark), runInAttempt(b.progress, mark)])
    expect([a.marks, b.marks]).toEqual([['chunk'], ['chunk', 'chunk']])
  })

  it('lets an enclosing attempt see the marks of one nested in it', () => {
    const outer = recorder()
    const inner = recorder()
    runInAttempt(outer.progress, () => runInAttempt(inner.progress, () => currentAttempt()!.markHeaders()))
    expect([outer.marks, inner.marks]).toEqual([['headers'], ['headers']])
  })
})

describe('instrumentFetch', () => {
  it('marks headers when the response arrives, whatever its status', async () => {
    const { marks, progress } = recorder()
    const fetch = instrumentFetch((async () => new Response('no', { status: 503 })) as unknown as typeof globalThis.fetch)
    const response = await runInAttempt(progress, () => fetch('http://example.invalid/'))
    expect(response.status).toBe(503)
    expect(marks).toEqual(['headers'])
  })

  it('marks nothing when the request fails, and passes the failure on', async () => {
    const { marks, progress } = recorder()
    const fetch = instrumentFetch((async () => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof globalThis.fetch)
    await expect(runInAttempt(progress, () => fetch('http://example.invalid/'))).rejects.toThrow('fetch failed')
    expect(marks).toEqual([])
  })

  it('works outside any attempt and uses the global fetch by default, looked up per call', async () => {
    const stub = vi.fn(async () => new Response('hi'))
    vi.stubGlobal('fetch', stub)
    try {
      await expect((await instrumentFetch()('http://example.invalid/')).text()).resolves.toBe('hi')
      expect(stub).toHaveBeenCalledOnce()
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
