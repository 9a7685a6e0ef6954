import { describe, expect, it } from 'vitest'
import { createClient } from '../../../renderer/src/api/client'
import { applyAttempt } from '../../../renderer/src/stores/attempt-events'
import { createChatStore } from '../../../renderer/src/stores/chat'
import { appendDelta, fromList } from '../../../renderer/src/stores/message-map'
import { assistantMessage, attempt } from './fixtures'
import { scriptedBridge } from './scripted-bridge'

const broke = attempt({ tier: 0, provider: 'openai', model: 'gpt-4o-mini', outcome: 'stream-broken', partialText: 'The answer is' })

describe('chat.attempt', () => {
  it('moves text streamed before a break into the attempt and restarts the live answer empty', () => {
    const older = assistantMessage({ id: 'a0', status: 'complete', content: 'earlier' })
    const map = fromList([older, assistantMessage({ id: 'a1', status: 'streaming', content: 'The answer is' })])
    const next = applyAttempt(map, { conversationId: 'c1', messageId: 'a1', attempt: broke }, 2)
    expect(next.byId.a1?.content).toBe('')
    expect(next.byId.a1?.attempts).toEqual([broke])
    expect(next.ids).toBe(map.ids)
    expect(next.byId.a0).toBe(older)
    // The next target's text streams into the emptied answer, never after the broken one.
    const after = appendDelta(next, { conversationId: 'c1', messageId: 'a1', text: 'Forty-two.' }, 3)
    expect(after.byId.a1?.content).toBe('Forty-two.')
  })

  it('keeps the live text when a try failed before any text arrived', () => {
    const timedOut = attempt({ tier: 0, provider: 'openai', model: 'gpt-4o-mini', outcome: 'timeout-first-token' })
    const map = fromList([assistantMessage({ id: 'a1', status: 'streaming', content: '' })])
    const next = applyAttempt(map, { conversationId: 'c1', messageId: 'a1', attempt: timedOut }, 2)
    expect(next.byId.a1).toMatchObject({ content: '', attempts: [timedOut] })
  })

  it('keeps text of the next target that arrived before the attempt, and only that', () => {
    const map = fromList([assistantMessage({ id: 'a1', status: 'streaming', content: 'The answer isForty' })])
    expect(applyAttempt(map, { conversationId: 'c1', messageId: 'a1', attempt: broke }, 2).byId.a1?.content).toBe('Forty')
  })

  it('ignores a repeated attempt and one for a message that already finished', () => {
    const streaming = fromList([assistantMessage({ id: 'a1', status: 'streaming', content: '', attempts: [broke] })])
    expect(applyAttempt(streaming, { conversationId: 'c1', messageId: 'a1', attempt: broke }, 2)).toBe(streaming)
    const done = fromList([assistantMessage({ id: 'a1', status: 'complete', content: 'final' })])
    expect(applyAttempt(done, { conversationId: 'c1', messageId: 'a1', attempt: broke }, 2)).toBe(done)
  })

  it('creates a streaming placeholder for an attempt whose start was missed', () => {
    const next = applyAttempt(fromList([]), { conversationId: 'c1', messageId: 'a9', attempt: broke }, 2)
    expect(next.ids).toEqual(['a9'])
    expect(next.byId.a9).toMatchObject({ role: 'assistant', status: 'streaming', content: '', attempts: [broke] })
  })

  it('replays a switch through the chat store: route sent, the core\'s resolved route kept, final message wins', async () => {
    const { bridge, calls, emit } = scriptedBridge()
    const client = createClient(bridge)
    const store = createChatStore({ client })
    client.on('chat.started', (p) => store.getState().onStarted(p))
    client.on('chat.delta', (p) => store.getState().onDelta(p))
    client.on('chat.attempt', (p) => store.getState().onAttempt(p))
    client.on('chat.finished', (p) => store.getState().onFinished(p))

    const plan = ['openai:gpt-4o-mini', 'anthropic:claude-haiku']
    const sent = store.getState().send('Hello', null, { route: 'fast' })
    expect(calls[0]?.payload).toMatchObject({ content: 'Hello', route: 'fast' })
    expect(calls[0]?.payload).not.toHaveProperty('model')

    emit('chat.started', { conversationId: 'c1', message: assistantMessage({ id: 'a1', status: 'streaming', content: '' }), targets: plan })
    emit('chat.delta', { conversationId: 'c1', messageId: 'a1', text: 'The answer is' })
    emit('chat.attempt', { conversationId: 'c1', messageId: 'a1', attempt: broke })
    emit('chat.delta', { conversationId: 'c1', messageId: 'a1', text: 'Forty-two.' })
    calls[0]?.answer({ ok: true, value: { conversationId: 'c1', userMessageId: 'u1', assistantMessageId: 'a1' } })
    await sent

    let s = store.getState()
    expect(s.byId.a1).toMatchObject({ content: 'Forty-two.', attempts: [broke] })
    expect(s.plans.a1).toEqual(plan)

    const served = attempt({ tier: 1, provider: 'anthropic', model: 'claude-haiku' })
    emit('chat.attempt', { conversationId: 'c1', messageId: 'a1', attempt: served })
    const final = assistantMessage({ id: 'a1', status: 'complete', content: 'Forty-two.', provider: 'anthropic', model: 'claude-haiku', tier: 1, attempts: [broke, served] })
    emit('chat.finished', { conversationId: 'c1', message: final })
    s = store.getState()
    expect(s.byId.a1).toEqual(final)
  })
})
