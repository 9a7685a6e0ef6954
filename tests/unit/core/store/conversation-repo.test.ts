import { describe, expect, it } from 'vitest'
import { likePattern } from '../../../../electron/core/store/search-query'
import { useStores } from './store-fixture'

const { open } = useStores()

describe('conversation repo', () => {
  it('creates a conversation with a fresh id and no messages', () => {
    const { conversations } = open()
    const created = conversations.create('First', 100)
    expect(created).toEqual({ id: expect.any(String), title: 'First', createdAt: 100, updatedAt: 100, messageCount: 0 })
    expect(conversations.get(created.id)).toEqual(created)
    expect(conversations.create('Second', 100).id).not.toBe(created.id)
  })

  it('returns null for an unknown id', () => {
    expect(open().conversations.get('missing')).toBeNull()
  })

  it('lists the most recently updated first, with message counts', () => {
    const { conversations, messages } = open()
    const old = conversations.create('old', 100)
    conversations.create('middle', 200)
    conversations.create('recent', 300)
    messages.insertTurn({ conversationId: old.id, content: 'hi', provider: 'p', model: 'm', idempotencyKey: null, now: 400, owner: { pid: 1, startedAt: 1 } })
    expect(conversations.list().map((c) => [c.title, c.messageCount])).toEqual([
      ['old', 2],
      ['recent', 0],
      ['middle', 0]
    ])
  })

  it('renames and moves the conversation up', () => {
    const { conversations } = open()
    const a = conversations.create('a', 100)
    conversations.create('b', 200)
    expect(conversations.rename(a.id, 'renamed', 300)).toMatchObject({ id: a.id, title: 'renamed', createdAt: 100, updatedAt: 300 })
    expect(conversations.list()[0]?.title).toBe('renamed')
  })

  it('returns null when renaming an unknown conversation', () => {
    expect(open().conversations.rename('missing', 'x', 1)).toBeNull()
  })

  it('deletes a conversation with its messages', () => {
    const { conversations, messages } = open()
    const c = conversations.create('doomed', 100)
    const kept = conversations.create('kept', 100)
    const turn = messages.insertTurn({ conversationId: c.id, content: 'hi', provider: 'p', model: 'm', idempotencyKey: 'k', now: 200, owner: { pid: 1, startedAt: 1 } })
    messages.insertTurn({ conversationId: kept.id, content: 'hi', provider: 'p', model: 'm', idempotencyKey: null, now: 200, owner: { pid: 1, startedAt: 1 } })
    expect(conversations.delete(c.id)).toBe(true)
    expect(conversations.get(c.id)).toBeNull()
    expect(messages.get(turn.user.id)).toBeNull()
    expect(messages.get(turn.assistant.id)).toBeNull()
    expect(messages.findTurn('k')).toBeNull()
    expect(messages.listFor(kept.id)).toHaveLength(2)
    expect(conversations.delete(c.id)).toBe(false)
  })

  describe('search', () => {
    const titles = ['Rust lifetimes', 'trust issues', 'Budget 50% off', 'Budget 500 items', 'snake_case names', 'snakeXcase names', 'back\\slash', 'Événements']

    function seeded() {
      const { conversations } = open()
      titles.forEach((t, i) => conversations.create(t, i))
      return conversations
    }
    const search = (q: string) => seeded().list(q).map((c) => c.title).sort()

    it('matches whole words of the title regardless of case, the last one also as a prefix', () => {
      const conversations = seeded()
      const find = (q: string) => conversations.list(q).map((c) => c.title)
      expect(find('RUST')).toEqual(['Rust lifetimes'])
      expect(find('rust lifet')).toEqual(['Rust lifetimes'])
      expect(find('issues trust')).toEqual(['trust issues'])
      // Words, not substrings: the index knows words (migration 0007).
      expect(find('ust')).toEqual([])
    })

    it('folds the case of non-ASCII letters too', () => {
      expect(search('événements')).toEqual(['Événements'])
    })

    it('matches % literally', () => {
      expect(search('50%')).toEqual(['Budget 50% off'])
    })

    it('matches _ literally', () => {
      expect(search('snake_case')).toEqual(['snake_case names'])
    })

    it('reads the escape character as text', () => {
      expect(search('back\\sl')).toEqual(['back\\slash'])
    })

    it('treats a lone wildcard as the character itself, not as "anything"', () => {
      const conversations = seeded()
      const find = (q: string) => conversations.list(q).map((c) => c.title)
      expect(find('%')).toEqual(['Budget 50% off'])
      expect(find('_')).toEqual(['snake_case names'])
      expect(find('\\')).toEqual(['back\\slash'])
    })

    it('lists everything for an empty or blank query', () => {
      expect(search('  ')).toHaveLength(titles.length)
    })

    it('keeps newest-first order among the matches', () => {
      expect(seeded().list('budget').map((c) => c.title)).toEqual(['Budget 500 items', 'Budget 50% off'])
    })
  })

  it('escapes every LIKE wildcard in a pattern', () => {
    expect(likePattern('a%b_c\\d')).toBe('%a\\%b\\_c\\\\d%')
  })
})
