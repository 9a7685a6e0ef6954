import { describe, expect, it } from 'vitest'
import type { Attempt } from '../../../../shared/types/domain'
import type { Store } from '../../../../electron/core/store/types'
import { useStores } from './store-fixture'

const { open } = useStores()
const owner = { pid: 4242, startedAt: 1_700_000_000_000 }

const attempt = (outcome: Attempt['outcome'], tier: number): Attempt => ({
  tier, try: 1, provider: 'openai', model: 'gpt-4o', outcome, httpStatus: null, errorCode: null, message: null,
  startedAt: 1, latencyMs: 5, firstTokenMs: null, retryWaitMs: 0, partialText: null
})

/** A conversation of `turns` finished turns (2 messages each), every answer with two attempts. */
function conversationOf(store: Store, turns: number): string {
  const { id } = store.conversations.create('long', 1)
  for (let i = 0; i < turns; i++) {
    const { assistant } = store.messages.insertTurn({ conversationId: id, content: `q${i}`, provider: 'openai', model: 'gpt-4o', idempotencyKey: null, now: 10 + i, owner })
    store.messages.recordAttempt(assistant.id, attempt('http-5xx', 0))
    store.messages.recordAttempt(assistant.id, attempt('ok', 1))
    store.messages.finish(assistant.id, { status: 'complete', content: `a${i}`, completedAt: 20 + i, firstTokenMs: 1, latencyMs: 2, usage: null, finishReason: 'stop', error: null, provider: 'openai', model: 'gpt-4o', tier: 1 })
  }
  return id
}

const contents = (page: { messages: Array<{ content: string }> }) => page.messages.map((m) => m.content)

describe('message pages', () => {
  it('gives an empty conversation, or an unknown one, one empty last page', () => {
    const store = open()
    const { id } = store.conversations.create('empty', 1)
    expect(store.messages.page(id, { limit: 50 })).toEqual({ messages: [], hasMore: false, nextBefore: null })
    expect(store.messages.page('missing', { limit: 50 })).toEqual({ messages: [], hasMore: false, nextBefore: null })
  })

  it('starts with the newest messages, oldest first within the page, and pages back by cursor', () => {
    const store = open()
    const id = conversationOf(store, 4) // q0 a0 … q3 a3, seq 1…8
    const first = store.messages.page(id, { limit: 3 })
    expect(contents(first)).toEqual(['a2', 'q3', 'a3'])
    expect(first).toMatchObject({ hasMore: true, nextBefore: 6 })
    const second = store.messages.page(id, { before: first.nextBefore!, limit: 3 })
    expect(contents(second)).toEqual(['q1', 'a1', 'q2'])
    expect(second).toMatchObject({ hasMore: true, nextBefore: 3 })
    const last = store.messages.page(id, { before: second.nextBefore!, limit: 3 })
    expect(contents(last)).toEqual(['q0', 'a0'])
    expect(last).toMatchObject({ hasMore: false, nextBefore: null })
  })

  it('says there is no more when the remaining messages exactly fill the page', () => {
    const store = open()
    const id = conversationOf(store, 3) // 6 messages
    const first = store.messages.page(id, { limit: 3 })
    expect(first.hasMore).toBe(true)
    const second = store.messages.page(id, { before: first.nextBefore!, limit: 3 })
    expect(contents(second)).toEqual(['q0', 'a0', 'q1'])
    expect(second).toMatchObject({ hasMore: false, nextBefore: null })
    expect(store.messages.page(id, { limit: 6 })).toMatchObject({ hasMore: false, nextBefore: null })
    expect(store.messages.page(id, { limit: 5 })).toMatchObject({ hasMore: true, nextBefore: 2 })
  })

  it('treats the cursor as "strictly before": past the newest is the newest page, at the first is nothing', () => {
    const store = open()
    const id = conversationOf(store, 2)
    expect(contents(store.messages.page(id, { before: 1_000, limit: 2 }))).toEqual(['q1', 'a1'])
    expect(contents(store.messages.page(id, { before: 2, limit: 2 }))).toEqual(['q0'])
    expect(store.messages.page(id, { before: 1, limit: 2 })).toEqual({ messages: [], hasMore: false, nextBefore: null })
  })

  it('pages through to exactly what the whole read returns, attempts included, for any page size', () => {
    const store = open()
    const id = conversationOf(store, 7)
    conversationOf(store, 2) // another conversation's messages and attempts must not leak in
    const whole = store.messages.listFor(id)
    for (const limit of [1, 2, 3, 5, 13, 14, 15, 500]) {
      const pages = []
      let before: number | undefined
      for (;;) {
        const page = store.messages.page(id, { before, limit })
        expect(page.messages.length).toBeLessThanOrEqual(limit)
        pages.unshift(...page.messages)
        if (page.nextBefore === null) break
        before = page.nextBefore
      }
      expect(pages, `limit ${limit}`).toEqual(whole)
    }
    expect(whole.filter((m) => m.role === 'assistant').every((m) => m.attempts.map((a) => a.outcome).join() === 'http-5xx,ok')).toBe(true)
  })

  it('includes the answer still streaming, with the text saved so far', () => {
    const store = open()
    const id = conversationOf(store, 1)
    const { assistant } = store.messages.insertTurn({ conversationId: id, content: 'more?', provider: 'openai', model: 'gpt-4o', idempotencyKey: null, now: 50, owner })
    store.messages.saveProgress(assistant.id, 'so fa')
    const page = store.messages.page(id, { limit: 2 })
    expect(page.messages.map((m) => [m.content, m.status])).toEqual([['more?', 'complete'], ['so fa', 'streaming']])
  })
})
