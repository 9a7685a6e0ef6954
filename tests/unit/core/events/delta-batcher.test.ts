import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDeltaBatcher } from '../../../../electron/core/events/delta-batcher'

describe('delta batcher', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('coalesces a burst of deltas for one message into one event per interval', () => {
    const sent: Array<[string, unknown]> = []
    const batcher = createDeltaBatcher((name, payload) => sent.push([name, payload]), 16)
    for (let i = 0; i < 100; i++) batcher.push('chat.delta', { conversationId: 'c', messageId: 'm', text: `${i},` })
    expect(sent).toHaveLength(0)
    vi.advanceTimersByTime(16)
    expect(sent).toHaveLength(1)
    expect((sent[0]![1] as { text: string }).text.split(',').filter(Boolean)).toHaveLength(100)
  })

  it('keeps messages apart', () => {
    const sent: Array<{ messageId: string; text: string }> = []
    const batcher = createDeltaBatcher((_n, p) => sent.push(p as { messageId: string; text: string }), 16)
    batcher.push('chat.delta', { conversationId: 'c', messageId: 'a', text: 'x' })
    batcher.push('chat.delta', { conversationId: 'c', messageId: 'b', text: 'y' })
    batcher.push('chat.delta', { conversationId: 'c', messageId: 'a', text: 'z' })
    vi.advanceTimersByTime(16)
    expect(sent).toEqual([
      { conversationId: 'c', messageId: 'a', text: 'xz' },
      { conversationId: 'c', messageId: 'b', text: 'y' }
    ])
  })

  it('flushes held text before any other event so "finished" never overtakes the last delta', () => {
    const names: string[] = []
    const batcher = createDeltaBatcher((name) => names.push(name), 16)
    batcher.push('chat.delta', { conversationId: 'c', messageId: 'a', text: 'tail' })
    batcher.push('conversations.changed', { conversationId: 'c' })
    expect(names).toEqual(['chat.delta', 'conversations.changed'])
  })
})
