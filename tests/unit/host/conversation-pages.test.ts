import { afterEach, describe, expect, it } from 'vitest'
import { databasePath } from '../../../electron/core/paths'
import { createStore } from '../../../electron/core/store/create-store'
import { findMessage, wholeConversation } from '../../../electron/host/conversation-pages'
import { MAX_MESSAGE_PAGE_SIZE, MESSAGE_PAGE_SIZE, type ConversationPage } from '../../../shared/types/domain'
import { ok, startCore, type CoreHarness } from '../../support/core-harness'

let h: CoreHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

/** A conversation of `turns` finished turns, written through a second connection to the core's database. */
function seed(harness: CoreHarness, turns: number): { id: string; firstId: string; lastId: string } {
  const store = createStore(databasePath(harness.home))
  try {
    const { id } = store.conversations.create('long', 1)
    const ids: string[] = []
    for (let i = 0; i < turns; i++) {
      const { user, assistant } = store.messages.insertTurn({ conversationId: id, content: `q${i}`, provider: 'p', model: 'm', idempotencyKey: null, now: i, owner: { pid: 1, startedAt: 1 } })
      store.messages.finish(assistant.id, { status: 'complete', content: `a${i}`, completedAt: i, firstTokenMs: 1, latencyMs: 1, usage: null, finishReason: 'stop', error: null, provider: 'p', model: 'm', tier: 0 })
      ids.push(user.id, assistant.id)
    }
    return { id, firstId: ids[0]!, lastId: ids.at(-1)! }
  } finally {
    store.close()
  }
}

describe('reading a conversation page by page (the CLI)', () => {
  it('gives `show` every message of a conversation longer than the largest page, oldest first', async () => {
    h = startCore({})
    const { id } = seed(h, 600) // 1,200 messages: three pages of at most 500
    const { conversation, messages } = await wholeConversation(h.core, id)
    expect(conversation).toMatchObject({ id, title: 'long', messageCount: 1_200 })
    expect(messages.map((m) => m.content)).toEqual(Array.from({ length: 600 }, (_, i) => [`q${i}`, `a${i}`]).flat())
  })

  it('finds a message on the first small page, or pages back to it', async () => {
    h = startCore({})
    const { id, firstId, lastId } = seed(h, 300)
    expect((await findMessage(h.core, id, lastId))?.content).toBe('a299')
    expect((await findMessage(h.core, id, firstId))?.content).toBe('q0')
    expect(await findMessage(h.core, id, 'missing')).toBeUndefined()
  })

  it('reports an unknown conversation as the contract does', async () => {
    h = startCore({})
    await expect(wholeConversation(h.core, 'missing')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('hands out the newest MESSAGE_PAGE_SIZE by default through the contract, and refuses pages out of bounds', async () => {
    h = startCore({})
    const { id } = seed(h, MESSAGE_PAGE_SIZE) // twice a page
    const first = ok<ConversationPage>(await h.call('conversations.get', { id }))
    expect(first.messages).toHaveLength(MESSAGE_PAGE_SIZE)
    expect(first).toMatchObject({ hasMore: true, nextBefore: MESSAGE_PAGE_SIZE + 1, conversation: { id, messageCount: 2 * MESSAGE_PAGE_SIZE } })
    const second = ok<ConversationPage>(await h.call('conversations.get', { id, before: first.nextBefore }))
    expect(second).toMatchObject({ hasMore: false, nextBefore: null })
    expect(second.messages[0]?.content).toBe('q0')
    for (const bad of [{ id, limit: MAX_MESSAGE_PAGE_SIZE + 1 }, { id, limit: 0 }, { id, before: 0 }, { id, before: 1.5 }]) {
      expect((await h.call('conversations.get', bad)).ok, JSON.stringify(bad)).toBe(false)
    }
  })
})
