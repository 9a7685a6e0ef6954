import { describe, expect, it } from 'vitest'
import type { Message } from '../../../shared/types/domain'
import { createClient } from '../../../renderer/src/api/client'
import { selectIsStreaming, createChatStore } from '../../../renderer/src/stores/chat'
import { scriptedBridge } from './scripted-bridge'

function message(fields: Partial<Message> & Pick<Message, 'id' | 'status' | 'content'>): Message {
  return {
    conversationId: 'c1', role: 'assistant', provider: 'fake', model: 'm', createdAt: 1, completedAt: null,
    firstTokenMs: null, latencyMs: null, usage: null, finishReason: null, error: null, tier: null, attempts: [], ...fields
  }
}

/** A conversations.get answer: one page of c1. */
function page(messages: Message[], nextBefore: number | null = null) {
  return { conversation: { id: 'c1', title: 't', createdAt: 1, updatedAt: 1, messageCount: messages.length }, messages, hasMore: nextBefore !== null, nextBefore }
}

const done = (id: string, createdAt = 1) => message({ id, status: 'complete', content: id, createdAt })

function wiredStore() {
  const { bridge, calls, emit } = scriptedBridge()
  const client = createClient(bridge)
  const created: string[] = []
  const store = createChatStore({ client, onConversationCreated: (id) => created.push(id) })
  client.on('chat.started', (p) => store.getState().onStarted(p))
  client.on('chat.delta', (p) => store.getState().onDelta(p))
  client.on('chat.finished', (p) => store.getState().onFinished(p))
  return { store, calls, emit, created }
}

describe('chat store', () => {
  it('keeps the stream of a new conversation that starts before chat.send answers', async () => {
    const { store, calls, emit, created } = wiredStore()
    const sent = store.getState().send('Hello', 'ollama:llama3.2')
    expect(calls[0]?.channel).toBe('chat.send')
    expect(calls[0]?.payload).toMatchObject({ content: 'Hello', model: 'ollama:llama3.2' })
    expect((calls[0]?.payload as { idempotencyKey: string }).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)

    emit('chat.started', { conversationId: 'c1', message: message({ id: 'a1', status: 'streaming', content: '' }), targets: ['ollama:llama3.2'] })
    emit('chat.delta', { conversationId: 'c1', messageId: 'a1', text: 'Hi ' })
    emit('chat.delta', { conversationId: 'c1', messageId: 'a1', text: 'there' })
    calls[0]?.answer({ ok: true, value: { conversationId: 'c1', userMessageId: 'u1', assistantMessageId: 'a1' } })
    expect(await sent).toBe(true)

    const s = store.getState()
    expect(s.conversationId).toBe('c1')
    expect(s.ids).toEqual(['u1', 'a1'])
    expect(s.byId.a1?.content).toBe('Hi there')
    expect(selectIsStreaming(s)).toBe(true)
    expect(created).toEqual(['c1'])

    emit('chat.finished', { conversationId: 'c1', message: message({ id: 'a1', status: 'partial', content: 'Hi there' }) })
    expect(store.getState().byId.a1?.status).toBe('partial')
    expect(selectIsStreaming(store.getState())).toBe(false)
  })

  it('ignores events of conversations that are not open', async () => {
    const { store, calls, emit } = wiredStore()
    const opening = store.getState().open('c1')
    calls[0]?.answer({ ok: true, value: page([]) })
    await opening
    emit('chat.started', { conversationId: 'other', message: message({ id: 'x', conversationId: 'other', status: 'streaming', content: '' }), targets: ['ollama:llama3.2'] })
    expect(store.getState().ids).toEqual([])
  })

  it('marks the user message failed and reports the reason when the core refuses it', async () => {
    const { store, calls } = wiredStore()
    const sent = store.getState().send('Hello', null)
    expect(calls[0]?.payload).not.toHaveProperty('model')
    calls[0]?.answer({ ok: false, error: { code: 'no_model', message: 'No model is configured.', retryable: false } })
    expect(await sent).toBe(false)
    const s = store.getState()
    const mine = s.byId[s.ids[0]!]
    expect(mine).toMatchObject({ role: 'user', status: 'failed', error: { code: 'no_model' } })
    expect(s.error).toBe('No model is configured.')
  })

  it('asks the core to stop the streaming message', async () => {
    const { store, calls, emit } = wiredStore()
    const opening = store.getState().open('c1')
    calls[0]?.answer({ ok: true, value: page([message({ id: 'a1', status: 'streaming', content: 'par' })]) })
    await opening
    const stopping = store.getState().stop()
    expect(calls[1]).toMatchObject({ channel: 'chat.stop', payload: { messageId: 'a1' } })
    calls[1]?.answer({ ok: true, value: { stopped: true } })
    await stopping
    emit('chat.finished', { conversationId: 'c1', message: message({ id: 'a1', status: 'partial', content: 'par' }) })
    expect(store.getState().byId.a1?.status).toBe('partial')
  })

  describe('paging', () => {
    it('opens on the newest page and prepends older pages as asked, one request at a time', async () => {
      const { store, calls } = wiredStore()
      const opening = store.getState().open('c1')
      expect(calls[0]?.payload).toEqual({ id: 'c1' })
      calls[0]?.answer({ ok: true, value: page([done('m3'), done('m4')], 3) })
      await opening
      expect(store.getState()).toMatchObject({ ids: ['m3', 'm4'], hasOlder: true, olderBefore: 3 })

      const older = store.getState().loadOlder()
      void store.getState().loadOlder() // while one is in flight: no second request
      expect(calls).toHaveLength(2)
      expect(calls[1]?.payload).toEqual({ id: 'c1', before: 3 })
      expect(store.getState().loadingOlder).toBe(true)
      calls[1]?.answer({ ok: true, value: page([done('m1'), done('m2')]) })
      await older
      expect(store.getState()).toMatchObject({ ids: ['m1', 'm2', 'm3', 'm4'], hasOlder: false, olderBefore: null, loadingOlder: false })

      await store.getState().loadOlder() // nothing older: no request
      expect(calls).toHaveLength(2)
    })

    it('drops an older page that arrives after another conversation was opened', async () => {
      const { store, calls } = wiredStore()
      const opening = store.getState().open('c1')
      calls[0]?.answer({ ok: true, value: page([done('m3')], 3) })
      await opening
      const older = store.getState().loadOlder()
      void store.getState().open('c2')
      calls[1]?.answer({ ok: true, value: page([done('m1')]) })
      await older
      expect(store.getState().ids).toEqual([])
      expect(store.getState().conversationId).toBe('c2')
    })

    it('keeps the older messages scrolled into view through a reload', async () => {
      const { store, calls } = wiredStore()
      const opening = store.getState().open('c1')
      calls[0]?.answer({ ok: true, value: page([done('m3', 3), done('m4', 4)], 3) })
      await opening
      const older = store.getState().loadOlder()
      calls[1]?.answer({ ok: true, value: page([done('m1', 1), done('m2', 2)]) })
      await older
      const reloading = store.getState().reload()
      calls[2]?.answer({ ok: true, value: page([done('m4', 4), done('m5', 5)], 4) })
      await reloading
      expect(store.getState()).toMatchObject({ ids: ['m1', 'm2', 'm3', 'm4', 'm5'], hasOlder: false, olderBefore: null })
    })
  })
})
