import { describe, expect, it, vi } from 'vitest'
import { createHistoryCache } from '../../../../electron/core/chat/history-cache'
import type { HistoryRow, MessageFinish } from '../../../../electron/core/store/types'
import { useStores } from '../store/store-fixture'

const { open } = useStores()
const owner = { pid: 1, startedAt: 1 }
const done = (content: string): MessageFinish => ({
  status: 'complete', content, completedAt: 2, firstTokenMs: 1, latencyMs: 1, usage: null, finishReason: 'stop', error: null, provider: 'p', model: 'm', tier: 0
})

/** A conversation in a real store, and a cache over it whose reads are counted. */
function setup(max?: number) {
  const store = open()
  const read = vi.fn((conversationId: string, afterSeq: number): HistoryRow[] => store.messages.historyAfter(conversationId, afterSeq))
  const cache = createHistoryCache(read, max)
  const conversationId = store.conversations.create('c', 1).id
  /** One send as the chat service makes it: the turn, then the history it sends. */
  const send = (content: string, id = conversationId) => {
    const turn = store.messages.insertTurn({ conversationId: id, content, provider: 'p', model: 'm', idempotencyKey: null, now: 1, owner })
    return { assistantId: turn.assistant.id, turns: cache.turns(id) }
  }
  const rowsRead = () => read.mock.results.map((r) => (r.value as HistoryRow[]).length)
  return { store, read, cache, conversationId, send, rowsRead }
}

describe('history cache', () => {
  it('sends the same turns as reading the whole conversation would, but reads only what is new', () => {
    const { store, send, rowsRead, read } = setup()
    let last = send('q0')
    expect(last.turns).toEqual([{ role: 'user', content: 'q0' }])
    for (let i = 1; i <= 50; i++) {
      store.messages.finish(last.assistantId, done(`a${i - 1}`))
      last = send(`q${i}`)
    }
    expect(last.turns).toHaveLength(101)
    expect(last.turns.slice(-3)).toEqual([{ role: 'user', content: 'q49' }, { role: 'assistant', content: 'a49' }, { role: 'user', content: 'q50' }])
    // Every send after the first read its new user message, the answer before it, and its own streaming answer.
    expect(rowsRead().slice(1).every((n) => n === 3)).toBe(true)
    expect(read.mock.calls.at(-1)![1]).toBe(99)
  })

  it('leaves out failed and empty answers, and reads a streaming one again until it is settled', () => {
    const { store, cache, conversationId, send } = setup()
    const a = send('one')
    store.messages.finish(a.assistantId, { ...done(''), status: 'failed', error: { code: 'x', message: 'x', retryable: true } })
    const b = send('two')
    expect(b.turns).toEqual([{ role: 'user', content: 'one' }, { role: 'user', content: 'two' }])
    // Another process finishes 'two' later than this cache first saw it streaming.
    store.messages.finish(b.assistantId, done('answer two'))
    expect(cache.turns(conversationId)).toEqual([{ role: 'user', content: 'one' }, { role: 'user', content: 'two' }, { role: 'assistant', content: 'answer two' }])
  })

  it('picks up turns another process added to the conversation', () => {
    const { cache, conversationId, send } = setup()
    send('mine')
    const other = open('workbench.sqlite') // a second connection to the same file
    const theirs = other.messages.insertTurn({ conversationId, content: 'theirs', provider: 'p', model: 'm', idempotencyKey: null, now: 1, owner })
    other.messages.finish(theirs.assistant.id, done('their answer'))
    expect(cache.turns(conversationId).map((t) => t.content)).toEqual(['mine', 'theirs', 'their answer'])
  })

  it('hands out arrays the caller may change without changing the cache', () => {
    const { cache, conversationId, send } = setup()
    const { turns } = send('hi')
    turns.push({ role: 'assistant', content: 'injected' })
    expect(cache.turns(conversationId)).toEqual([{ role: 'user', content: 'hi' }])
  })

  it('keeps only the most recently used conversations, and reads a forgotten one whole again', () => {
    const { store, read, cache, send } = setup(2)
    const ids = ['x', 'y', 'z'].map((t) => store.conversations.create(t, 1).id)
    for (const id of ids) send('hi', id)
    read.mockClear()
    cache.turns(ids[2]!)
    expect(read).toHaveBeenLastCalledWith(ids[2], 1)
    cache.turns(ids[0]!)
    expect(read).toHaveBeenLastCalledWith(ids[0], 0)
    cache.forget(ids[0]!)
    cache.turns(ids[0]!)
    expect(read).toHaveBeenLastCalledWith(ids[0], 0)
  })
})
