import { describe, expect, it } from 'vitest'
import { isProviderError } from '../../../../../electron/core/llm/errors'
import { createBulkheads } from '../../../../../electron/core/llm/policies/bulkhead'
import type { Priority } from '../../../../../electron/core/llm/policies/policy'
import { isWorkbenchError } from '../../../../../shared/errors'

/** A call that runs until the test ends it, recording when it started. */
function gate() {
  let open!: () => void
  let fail!: (err: Error) => void
  const done = new Promise<void>((resolve, reject) => {
    open = resolve
    fail = reject
  })
  return { done, open, fail }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve))
const signal = () => new AbortController().signal

/** Starts a call through the bulkhead that logs its name when it starts and finishes when released. */
function starter(bulkheads: ReturnType<typeof createBulkheads>, started: string[]) {
  const gates = new Map<string, ReturnType<typeof gate>>()
  const start = (name: string, provider: string, max: number, priority: Priority = 'interactive', s = signal(), maxQueue?: number) => {
    const g = gate()
    gates.set(name, g)
    const run = bulkheads.policy(provider, max, priority, maxQueue).execute(async () => {
      started.push(name)
      await g.done
      return name
    }, s)
    run.catch(() => {})
    return run
  }
  return { start, finish: (name: string) => gates.get(name)?.open(), fail: (name: string) => gates.get(name)?.fail(new Error('boom')) }
}

describe('bulkheads', () => {
  it('runs at most maxConcurrent calls per provider and starts the next as one finishes', async () => {
    const b = createBulkheads()
    const started: string[] = []
    const { start, finish } = starter(b, started)
    const runs = ['a', 'b', 'c', 'd'].map((n) => start(n, 'openai', 2))
    await flush()
    expect(started).toEqual(['a', 'b'])
    expect(b.stats('openai')).toEqual({ inFlight: 2, queued: 2 })
    finish('a')
    await expect(runs[0]).resolves.toBe('a')
    await flush()
    expect(started).toEqual(['a', 'b', 'c'])
    expect(b.stats('openai')).toEqual({ inFlight: 2, queued: 1 })
    for (const n of ['b', 'c', 'd']) finish(n)
    await Promise.all(runs)
    expect(b.stats('openai')).toEqual({ inFlight: 0, queued: 0 })
  })

  it('never lets a slow provider hold up calls to another', async () => {
    const b = createBulkheads()
    const started: string[] = []
    const { start, finish } = starter(b, started)
    start('slow 1', 'anthropic', 1)
    start('slow 2', 'anthropic', 1)
    const other = start('fast', 'openai', 1)
    await flush()
    expect(started).toEqual(['slow 1', 'fast'])
    finish('fast')
    await expect(other).resolves.toBe('fast')
    expect(b.stats('anthropic')).toEqual({ inFlight: 1, queued: 1 })
    expect(b.stats('openai')).toEqual({ inFlight: 0, queued: 0 })
  })

  it('starts waiting interactive calls before background ones, in arrival order within each', async () => {
    const b = createBulkheads()
    const started: string[] = []
    const { start, finish } = starter(b, started)
    start('running', 'openai', 1)
    start('background 1', 'openai', 1, 'background')
    start('interactive 1', 'openai', 1, 'interactive')
    start('background 2', 'openai', 1, 'background')
    start('interactive 2', 'openai', 1, 'interactive')
    await flush()
    for (const n of ['running', 'interactive 1', 'interactive 2', 'background 1']) {
      finish(n)
      await flush()
    }
    expect(started).toEqual(['running', 'interactive 1', 'interactive 2', 'background 1', 'background 2'])
  })

  it('hands a freed slot to the longest waiter, not to a newcomer', async () => {
    const b = createBulkheads()
    const started: string[] = []
    const { start, finish } = starter(b, started)
    start('running', 'openai', 1)
    start('waiting', 'openai', 1)
    await flush()
    finish('running')
    start('newcomer', 'openai', 1)
    await flush()
    expect(started).toEqual(['running', 'waiting'])
    expect(b.stats('openai')).toEqual({ inFlight: 1, queued: 1 })
  })

  it('lets a stopped caller leave the queue at once without taking a slot', async () => {
    const b = createBulkheads()
    const started: string[] = []
    const { start, finish } = starter(b, started)
    start('running', 'openai', 1)
    const stop = new AbortController()
    const stopped = start('stopped', 'openai', 1, 'interactive', stop.signal)
    start('next', 'openai', 1, 'background')
    await flush()
    stop.abort()
    const err = await stopped.catch((e: unknown) => e)
    expect(isProviderError(err) && err.failure).toBe('aborted')
    expect(b.stats('openai')).toEqual({ inFlight: 1, queued: 1 })
    finish('running')
    await flush()
    expect(started).toEqual(['running', 'next'])
  })

  it('refuses an already stopped caller even when a slot is free', async () => {
    const b = createBulkheads()
    const stop = new AbortController()
    stop.abort()
    let ran = false
    await expect(b.policy('openai', 1, 'interactive').execute(async () => (ran = true), stop.signal)).rejects.toMatchObject({ failure: 'aborted' })
    expect(ran).toBe(false)
    expect(b.stats('openai')).toEqual({ inFlight: 0, queued: 0 })
  })

  it('turns callers away with bulkhead_full once the queue is full', async () => {
    const b = createBulkheads()
    const { start } = starter(b, [])
    start('running', 'openai', 1, 'interactive', signal(), 2)
    start('queued 1', 'openai', 1, 'interactive', signal(), 2)
    start('queued 2', 'openai', 1, 'interactive', signal(), 2)
    const err = await start('refused', 'openai', 1, 'interactive', signal(), 2).catch((e: unknown) => e)
    expect(isWorkbenchError(err) && { code: err.code, retryable: err.retryable }).toEqual({ code: 'bulkhead_full', retryable: true })
    expect(isWorkbenchError(err) && err.message).toMatch(/2 requests are already waiting for openai/)
    expect(b.stats('openai')).toEqual({ inFlight: 1, queued: 2 })
  })

  it('frees the slot when the call fails', async () => {
    const b = createBulkheads()
    const started: string[] = []
    const { start, fail } = starter(b, started)
    const failing = start('failing', 'openai', 1)
    start('next', 'openai', 1)
    await flush()
    fail('failing')
    await expect(failing).rejects.toThrow('boom')
    await flush()
    expect(started).toEqual(['failing', 'next'])
  })

  it('passes the caller signal to the call', async () => {
    const b = createBulkheads()
    const s = signal()
    expect(await b.policy('openai', 1, 'interactive').execute(async (inner) => inner === s, s)).toBe(true)
  })
})
