import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HealthView } from '../../../shared/types/domain'
import { createClient } from '../../../renderer/src/api/client'
import { createHealthStore } from '../../../renderer/src/stores/health'
import { scriptedBridge } from './scripted-bridge'

const view: HealthView = {
  offline: false,
  offlineSince: null,
  offlineReason: null,
  unreachableHosts: [],
  targets: [{ target: 'openai:gpt-4o-mini', state: 'open', consecutiveFailures: 5, failureRate: 1, calls: 5, openUntil: 30_000, recent: [] }],
  providers: [{ provider: 'openai', queued: 2, inFlight: 4, maxConcurrent: 4, requestsAvailable: null, tokensAvailable: null }]
}

function setup(visible = () => true) {
  const { bridge, calls } = scriptedBridge()
  const store = createHealthStore(createClient(bridge), { intervalMs: 2000, now: () => 1234, pageVisible: visible })
  const answerAll = async () => {
    for (const c of calls.splice(0)) c.answer({ ok: true, value: view })
    await vi.advanceTimersByTimeAsync(0)
  }
  return { store, calls, answerAll }
}

describe('health store', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('polls every two seconds while watched and stops when the last watcher leaves', async () => {
    const { store, calls, answerAll } = setup()
    const unwatchA = store.getState().watch()
    const unwatchB = store.getState().watch()
    expect(calls.map((c) => c.channel)).toEqual(['health.get'])
    await answerAll()
    expect(store.getState()).toMatchObject({ view, readAt: 1234, error: null })

    await vi.advanceTimersByTimeAsync(2000)
    expect(calls).toHaveLength(1)
    await answerAll()
    unwatchA()
    await vi.advanceTimersByTimeAsync(2000)
    expect(calls).toHaveLength(1)
    await answerAll()
    unwatchB()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(calls).toHaveLength(0)
  })

  it('does not stack reads behind a slow core', async () => {
    const { store, calls } = setup()
    store.getState().watch()
    await vi.advanceTimersByTimeAsync(6000)
    expect(calls).toHaveLength(1)
  })

  it('skips polls while the window is hidden', async () => {
    let visible = false
    const { store, calls, answerAll } = setup(() => visible)
    store.getState().watch()
    await answerAll()
    await vi.advanceTimersByTimeAsync(4000)
    expect(calls).toHaveLength(0)
    visible = true
    await vi.advanceTimersByTimeAsync(2000)
    expect(calls).toHaveLength(1)
  })

  it('re-reads after an answer only while someone is watching', async () => {
    const { store, calls, answerAll } = setup()
    store.getState().onAnswerFinished()
    expect(calls).toHaveLength(0)
    const unwatch = store.getState().watch()
    await answerAll()
    store.getState().onAnswerFinished()
    expect(calls).toHaveLength(1)
    unwatch()
  })

  it('keeps the last view and reports the error when a read fails', async () => {
    const { store, calls, answerAll } = setup()
    store.getState().watch()
    await answerAll()
    await vi.advanceTimersByTimeAsync(2000)
    calls.splice(0)[0]?.answer({ ok: false, error: { code: 'internal', message: 'database locked', retryable: true } })
    await vi.advanceTimersByTimeAsync(0)
    expect(store.getState()).toMatchObject({ view, error: 'database locked' })
  })
})
