import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { ConversationListItem } from '../../../../shared/types/domain'
import type { Store } from '../../../../electron/core/store/types'
import { useStores } from './store-fixture'

const { open } = useStores()
const owner = { pid: 4242, startedAt: 1_700_000_000_000 }

/** A conversation with one finished turn: the question and its answer. */
function chat(store: Store, title: string, question: string, answer: string, now: number): { id: string; userId: string; answerId: string } {
  const { id } = store.conversations.create(title, now)
  const { user, assistant } = store.messages.insertTurn({ conversationId: id, content: question, provider: 'p', model: 'm', idempotencyKey: null, now, owner })
  store.messages.finish(assistant.id, { status: 'complete', content: answer, completedAt: now, firstTokenMs: 1, latencyMs: 2, usage: null, finishReason: 'stop', error: null, provider: 'p', model: 'm', tier: 0 })
  return { id, userId: user.id, answerId: assistant.id }
}

const titles = (items: ConversationListItem[]) => items.map((c) => c.title)
const marked = (item: ConversationListItem | undefined) => item?.match?.snippet.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('')

function seeded() {
  const store = open()
  const trip = chat(store, 'Trip to Lisbon', 'Where should we eat pastéis de nata?', 'Try the bakery in Belém, near the monastery.', 100)
  const sql = chat(store, 'SQLite questions', 'How does WAL mode work?', 'Readers see the last commit while the writer appends to the log AND a checkpoint folds it back.', 200)
  const quoting = chat(store, 'Quoting', 'What does "NEAR(a b)" mean in FTS5? And 100% of col:value*?', 'It is a proximity query.', 300)
  return { store, trip, sql, quoting, find: (q: string) => store.conversations.list(q) }
}

describe('conversation search', () => {
  it('finds conversations by the words of their messages, not only their titles', () => {
    const { find, sql } = seeded()
    const found = find('checkpoint')
    expect(titles(found)).toEqual(['SQLite questions'])
    expect(found[0]?.match?.messageId).toBe(sql.answerId)
    expect(marked(found[0])).toContain('[checkpoint]')
  })

  it('matches the user\'s own messages too, case and accents folded', () => {
    const { find, trip } = seeded()
    expect(titles(find('PASTEIS'))).toEqual(['Trip to Lisbon'])
    expect(find('pasteis')[0]?.match?.messageId).toBe(trip.userId)
    expect(titles(find('belem'))).toEqual(['Trip to Lisbon'])
  })

  it('needs every word, in any order, and reads the last one as a prefix while it is typed', () => {
    const { find } = seeded()
    expect(titles(find('monastery bakery'))).toEqual(['Trip to Lisbon'])
    expect(titles(find('bakery commit'))).toEqual([])
    expect(titles(find('check'))).toEqual(['SQLite questions'])
    expect(titles(find('check log'))).toEqual([]) // only the last word is a prefix
    expect(titles(find('checkpoint fold'))).toEqual(['SQLite questions'])
    // A single letter would match most words as a prefix: it matches a whole word only.
    expect(titles(find('q'))).toEqual([]) // not "quoting", "questions", "query"
    expect(titles(find('a'))).toEqual(['Quoting', 'SQLite questions']) // the word "a", not "and" or "answer"
  })

  it('shows a title match as the highlighted title, without a message', () => {
    const { find } = seeded()
    const [hit] = find('lisb')
    expect(hit?.match).toEqual({ messageId: null, snippet: [{ text: 'Trip to ', hit: false }, { text: 'Lisbon', hit: true }] })
  })

  it('reads FTS syntax in a query as text', () => {
    const { find } = seeded()
    // Each of these is an FTS5 operator or a syntax error when passed raw.
    expect(titles(find('"NEAR(a b)"'))).toEqual(['Quoting'])
    expect(titles(find('NEAR(a'))).toEqual(['Quoting'])
    expect(titles(find('col:value*'))).toEqual(['Quoting'])
    expect(titles(find('AND'))).toEqual(['Quoting', 'SQLite questions']) // the word "And"/"AND" in both
    expect(titles(find('log AND'))).toEqual(['SQLite questions'])
    expect(titles(find('OR'))).toEqual([])
    expect(titles(find('mean NOT'))).toEqual([])
    expect(titles(find('^what'))).toEqual(['Quoting'])
    for (const q of ['"', '*', '(', ')', ':', '-', '+', '^', '""', '" OR "', 'a"b', 'NEAR(', '{x}', "'"]) expect(() => find(q), q).not.toThrow()
  })

  it('does not let a finished number grow: "100%" finds 100, not 1000', () => {
    const { store, find } = seeded()
    chat(store, 'Budget', 'a budget of 1000', 'ok', 400)
    expect(titles(find('100%'))).toEqual(['Quoting'])
    expect(titles(find('100'))).toEqual(['Budget', 'Quoting'])
  })

  it('finds an answer only once it has finished streaming', () => {
    const { store, find } = seeded()
    const { id } = store.conversations.create('streaming', 500)
    const { assistant } = store.messages.insertTurn({ conversationId: id, content: 'tell me', provider: 'p', model: 'm', idempotencyKey: null, now: 500, owner })
    store.messages.saveProgress(assistant.id, 'zeppelins are')
    expect(find('zeppelins')).toEqual([])
    store.messages.finish(assistant.id, { status: 'partial', content: 'zeppelins are airships', completedAt: 600, firstTokenMs: 1, latencyMs: 2, usage: null, finishReason: null, error: null, provider: 'p', model: 'm', tier: 0 })
    expect(titles(find('zeppelins'))).toEqual(['streaming'])
  })

  it('forgets deleted messages and conversations', () => {
    const { store, find, sql, trip } = seeded()
    const raw = new Database(store.path)
    try {
      raw.prepare('DELETE FROM messages WHERE id = ?').run(sql.answerId)
    } finally {
      raw.close()
    }
    expect(find('checkpoint')).toEqual([])
    expect(titles(find('wal'))).toEqual(['SQLite questions']) // the question is still there
    store.conversations.delete(trip.id)
    expect(find('bakery')).toEqual([])
    expect(find('lisbon')).toEqual([])
  })

  it('keeps newest-first order, the limit, and the message counts', () => {
    const { store, find } = seeded()
    for (let i = 0; i < 5; i++) chat(store, `extra ${i}`, 'the same question', 'the same answer', 1_000 + i)
    const found = store.conversations.list('same', 3)
    expect(titles(found)).toEqual(['extra 4', 'extra 3', 'extra 2'])
    expect(found[0]?.messageCount).toBe(2)
    expect(find('same')).toHaveLength(5)
  })

  it('points at the newest matching message of a conversation', () => {
    const { store, find, sql } = seeded()
    const later = store.messages.insertTurn({ conversationId: sql.id, content: 'and what is a checkpoint exactly?', provider: 'p', model: 'm', idempotencyKey: null, now: 900, owner })
    expect(find('checkpoint')[0]?.match?.messageId).toBe(later.user.id)
  })
})
