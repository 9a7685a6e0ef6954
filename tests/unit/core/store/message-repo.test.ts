import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { MessageFinish, NewTurn, Store } from '../../../../electron/core/store/types'
import type { Attempt } from '../../../../shared/types/domain'
import { caught } from './caught'
import { useStores } from './store-fixture'

const { open, path } = useStores()
const owner = { pid: 4242, startedAt: 1_700_000_000_000 }

/** The owner columns, which the Message type does not expose. */
function ownerOf(store: Store, id: string) {
  const raw = new Database(store.path, { readonly: true })
  try {
    return raw.prepare('SELECT owner_pid, owner_started_at FROM messages WHERE id = ?').get(id)
  } finally {
    raw.close()
  }
}

function withConversation(store: Store = open()) {
  const conversation = store.conversations.create('chat', 100)
  const turn = (over: Partial<NewTurn> = {}) =>
    store.messages.insertTurn({ conversationId: conversation.id, content: 'hello', provider: 'openai', model: 'gpt-4o-mini', idempotencyKey: null, now: 200, owner, ...over })
  return { store, conversation, turn }
}

const attempt = (outcome: Attempt['outcome']): Attempt => ({
  tier: 0, try: 1, provider: 'openai', model: 'gpt-4o-mini', outcome, httpStatus: outcome === 'ok' ? null : 500, errorCode: null,
  message: null, startedAt: 300, latencyMs: 20, firstTokenMs: outcome === 'ok' ? 5 : null, retryWaitMs: 0, partialText: null
})

const done: MessageFinish = {
  status: 'complete',
  content: 'Hi there!',
  completedAt: 900,
  firstTokenMs: 120.4,
  latencyMs: 700,
  usage: { inputTokens: 12, outputTokens: 3 },
  finishReason: 'stop',
  error: null,
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  tier: 1
}

describe('message repo', () => {
  describe('insertTurn', () => {
    it('stores the user message and an empty streaming answer', () => {
      const { turn, conversation } = withConversation()
      const { user, assistant } = turn({ idempotencyKey: 'k1' })
      expect(user).toMatchObject({ conversationId: conversation.id, role: 'user', content: 'hello', status: 'complete', createdAt: 200, completedAt: 200, error: null })
      expect(assistant).toMatchObject({ conversationId: conversation.id, role: 'assistant', content: '', status: 'streaming', provider: 'openai', model: 'gpt-4o-mini', createdAt: 200, completedAt: null, usage: null })
    })

    it('records the process streaming the answer on the answer only', () => {
      const { store, turn } = withConversation()
      const { user, assistant } = turn({ owner: { pid: 77, startedAt: 1_234.6 } })
      expect(ownerOf(store, assistant.id)).toEqual({ owner_pid: 77, owner_started_at: 1_235 })
      expect(ownerOf(store, user.id)).toEqual({ owner_pid: null, owner_started_at: null })
    })

    it('orders turns after the earlier messages', () => {
      const { store, conversation, turn } = withConversation()
      const first = turn({ content: 'one' })
      const second = turn({ content: 'two' })
      expect(store.messages.listFor(conversation.id).map((m) => m.id)).toEqual([first.user.id, first.assistant.id, second.user.id, second.assistant.id])
    })

    it('bumps the conversation to the top of the list', () => {
      const { store, conversation, turn } = withConversation()
      store.conversations.create('newer', 150)
      turn({ now: 500 })
      expect(store.conversations.list()[0]).toMatchObject({ id: conversation.id, updatedAt: 500, messageCount: 2 })
    })

    it('rolls the user message back when the answer cannot be stored', () => {
      const { store, conversation, turn } = withConversation()
      // A trigger in the real database makes only the assistant insert fail.
      const other = new Database(store.path)
      other.exec(`CREATE TRIGGER refuse_answers BEFORE INSERT ON messages WHEN NEW.role = 'assistant'
                  BEGIN SELECT RAISE(ABORT, 'no answers today'); END`)
      other.close()
      expect(() => turn({ idempotencyKey: 'k-failed', now: 999 })).toThrow(/no answers today/)
      expect(store.messages.listFor(conversation.id)).toEqual([])
      expect(store.messages.findTurn('k-failed')).toBeNull()
      expect(store.conversations.get(conversation.id)?.updatedAt).toBe(100)
    })

    it('refuses a conversation that does not exist', () => {
      const { store } = withConversation()
      const err = caught(() => store.messages.insertTurn({ conversationId: 'gone', content: 'x', provider: 'p', model: 'm', idempotencyKey: null, now: 1, owner }))
      expect(err.code).toBe('conversation_not_found')
    })

    it('returns the two messages exactly as they are stored, without reading them back', () => {
      const { store, turn } = withConversation()
      turn()
      const { user, assistant } = turn({ idempotencyKey: 'k1' })
      expect(user).toEqual(store.messages.get(user.id))
      expect(assistant).toEqual(store.messages.get(assistant.id))
    })

    it('creates a new conversation in the same commit as its first turn, or not at all', () => {
      const store = open()
      const first = { conversationId: 'c-new', newConversation: { title: 'Fresh' }, content: 'hi', provider: 'p', model: 'm', idempotencyKey: 'once', now: 300, owner }
      const { user } = store.messages.insertTurn(first)
      expect(store.conversations.get('c-new')).toEqual({ id: 'c-new', title: 'Fresh', createdAt: 300, updatedAt: 300, messageCount: 2 })
      expect(user).toMatchObject({ conversationId: 'c-new', content: 'hi' })
      // A turn that fails leaves no conversation behind.
      expect(caught(() => store.messages.insertTurn({ ...first, conversationId: 'c-other' })).code).toBe('duplicate_request')
      expect(store.conversations.exists('c-other')).toBe(false)
    })

    it('refuses a second turn with the same idempotency key', () => {
      const { store, conversation, turn } = withConversation()
      turn({ idempotencyKey: 'same' })
      expect(caught(() => turn({ idempotencyKey: 'same' })).code).toBe('duplicate_request')
      expect(store.messages.listFor(conversation.id)).toHaveLength(2)
    })
  })

  describe('findTurn', () => {
    it('finds the ids a key produced', () => {
      const { store, conversation, turn } = withConversation()
      turn({ idempotencyKey: 'other' })
      const { user, assistant } = turn({ idempotencyKey: 'k1' })
      expect(store.messages.findTurn('k1')).toEqual({ conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id })
    })

    it('returns null for an unknown key', () => {
      const { store, turn } = withConversation()
      turn({ idempotencyKey: 'k1' })
      expect(store.messages.findTurn('k2')).toBeNull()
    })
  })

  describe('saveProgress and finish', () => {
    it('saves the text streamed so far', () => {
      const { store, turn } = withConversation()
      const { assistant } = turn()
      store.messages.saveProgress(assistant.id, 'Hi th')
      expect(store.messages.get(assistant.id)).toMatchObject({ content: 'Hi th', status: 'streaming' })
    })

    it('finishes an answer with its text, timings, usage, finish reason and the target that served it', () => {
      const { store, turn } = withConversation()
      const { assistant } = turn()
      const finished = store.messages.finish(assistant.id, done)
      expect(finished).toMatchObject({ status: 'complete', content: 'Hi there!', completedAt: 900, firstTokenMs: 120, latencyMs: 700, usage: { inputTokens: 12, outputTokens: 3 }, finishReason: 'stop', error: null, provider: 'anthropic', model: 'claude-haiku-4-5', tier: 1 })
      expect(store.messages.get(assistant.id)).toEqual(finished)
    })

    it('clears the owner of a finished answer', () => {
      const { store, turn } = withConversation()
      const { assistant } = turn()
      store.messages.finish(assistant.id, done)
      expect(ownerOf(store, assistant.id)).toEqual({ owner_pid: null, owner_started_at: null })
    })

    it('stores the error of a failed answer', () => {
      const { store, turn } = withConversation()
      const { assistant } = turn()
      const error = { code: 'rate_limited', message: 'Slow down.', retryable: true }
      const failed = store.messages.finish(assistant.id, { ...done, status: 'failed', content: '', usage: null, finishReason: null, error })
      expect(failed).toMatchObject({ status: 'failed', usage: null, error })
    })

    it('ignores progress that arrives after the answer finished', () => {
      const { store, turn } = withConversation()
      const { assistant } = turn()
      store.messages.finish(assistant.id, done)
      store.messages.saveProgress(assistant.id, 'late')
      expect(store.messages.get(assistant.id)?.content).toBe('Hi there!')
    })

    it('ignores progress for a message deleted mid-stream', () => {
      const { store, conversation, turn } = withConversation()
      const { assistant } = turn()
      store.conversations.delete(conversation.id)
      expect(() => store.messages.saveProgress(assistant.id, 'x')).not.toThrow()
    })

    it('reports finishing a message that no longer exists', () => {
      expect(caught(() => open().messages.finish('gone', done)).code).toBe('message_not_found')
      expect(caught(() => open().messages.finish('gone', done, attempt('ok'))).code).toBe('message_not_found')
    })

    it('stores the try that served the answer with its end, after the tries recorded before', () => {
      const { store, turn } = withConversation()
      const { assistant } = turn()
      store.messages.recordAttempt(assistant.id, attempt('http-5xx'))
      const finished = store.messages.finish(assistant.id, done, attempt('ok'))
      expect(finished.attempts.map((a) => a.outcome)).toEqual(['http-5xx', 'ok'])
      expect(store.messages.get(assistant.id)).toEqual(finished)
    })
  })

  describe('historyAfter', () => {
    it('reads role, content and status of the messages after a seq, in order, and nothing else', () => {
      const { store, conversation, turn } = withConversation()
      const one = turn({ content: 'one' })
      store.messages.finish(one.assistant.id, done)
      turn({ content: 'two' })
      expect(store.messages.historyAfter(conversation.id, 0)).toEqual([
        { seq: 1, role: 'user', content: 'one', status: 'complete' },
        { seq: 2, role: 'assistant', content: 'Hi there!', status: 'complete' },
        { seq: 3, role: 'user', content: 'two', status: 'complete' },
        { seq: 4, role: 'assistant', content: '', status: 'streaming' }
      ])
      expect(store.messages.historyAfter(conversation.id, 3).map((r) => r.seq)).toEqual([4])
      expect(store.messages.historyAfter(conversation.id, 4)).toEqual([])
    })
  })

  it('lets two stores on one file (two processes) see each other\'s writes', () => {
    const a = open('shared.sqlite')
    const b = open('shared.sqlite')
    const conversation = a.conversations.create('from a', 100)
    expect(b.conversations.list().map((c) => c.id)).toEqual([conversation.id])
    const { assistant } = b.messages.insertTurn({ conversationId: conversation.id, content: 'from b', provider: 'p', model: 'm', idempotencyKey: 'kb', now: 200, owner })
    a.messages.saveProgress(assistant.id, 'partial from a')
    expect(a.messages.findTurn('kb')?.assistantMessageId).toBe(assistant.id)
    expect(b.messages.get(assistant.id)?.content).toBe('partial from a')
    expect(a.conversations.get(conversation.id)?.messageCount).toBe(2)
    expect(path('shared.sqlite')).toBe(a.path)
  })
})
