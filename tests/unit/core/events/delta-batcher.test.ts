import { describe, expect, it } from 'vitest'
import { createDeltaBatcher } from '../../../../electron/core/events/delta-batcher'
import { manualTimers } from '../../../support/manual-timers'

type Delta = { conversationId: string; messageId: string; text: string }

/** A batcher on a clock that moves only when the test says so, recording what leaves and when. */
function setup(intervalMs = 16) {
  const clock = manualTimers(1000)
  const sent: Array<{ at: number; name: string; payload: unknown }> = []
  const batcher = createDeltaBatcher((name, payload) => sent.push({ at: clock.now(), name, payload }), { intervalMs, clock })
  const delta = (text: string, messageId = 'm') => batcher.push('chat.delta', { conversationId: 'c', messageId, text })
  const texts = () => sent.filter((s) => s.name === 'chat.delta').map((s) => (s.payload as Delta).text)
  return { clock, sent, batcher, delta, texts }
}

describe('delta batcher', () => {
  it('sends the first delta of a message the moment it arrives', () => {
    const { delta, texts, clock } = setup()
    delta('Hello')
    expect(texts()).toEqual(['Hello'])
    expect(clock.pending()).toBe(0)
  })

  it('never holds a token of a stream paced slower than the interval', () => {
    const { delta, sent, clock } = setup(16)
    for (let i = 0; i < 10; i++) {
      delta(`t${i} `)
      // Each token left at the instant it came, with nothing left waiting.
      expect(sent.at(-1)).toMatchObject({ at: clock.now(), payload: { text: `t${i} ` } })
      expect(clock.pending()).toBe(0)
      clock.advance(20)
    }
    expect(sent).toHaveLength(10)
  })

  it('coalesces a flood into one event per interval after the first token', () => {
    const { delta, texts, clock, sent } = setup(16)
    for (let i = 0; i < 100; i++) delta(`${i},`)
    // The first went at once; the other 99 wait for one interval after it.
    expect(texts()).toEqual(['0,'])
    clock.advance(15)
    expect(texts()).toHaveLength(1)
    clock.advance(1)
    expect(texts()).toHaveLength(2)
    expect(texts()[1]!.split(',').filter(Boolean)).toHaveLength(99)
    expect(sent[1]!.at - sent[0]!.at).toBe(16)
  })

  it('holds a token that follows too closely only until one interval after the last one left', () => {
    const { delta, sent, clock } = setup(16)
    delta('a')
    clock.advance(10)
    delta('b')
    expect(sent).toHaveLength(1)
    clock.advance(5)
    expect(sent).toHaveLength(1)
    clock.advance(1)
    expect(sent.map((s) => [s.at - 1000, (s.payload as Delta).text])).toEqual([
      [0, 'a'],
      [16, 'b']
    ])
    // Quiet for a whole interval since 'b' left: the next goes at once again.
    clock.advance(16)
    delta('c')
    expect(sent.at(-1)).toMatchObject({ at: clock.now(), payload: { text: 'c' } })
  })

  it('keeps messages apart: each has its own first token and its own pace', () => {
    const { batcher, sent, clock } = setup(16)
    const push = (messageId: string, text: string) => batcher.push('chat.delta', { conversationId: 'c', messageId, text })
    push('a', 'x')
    push('b', 'y')
    push('a', 'z')
    expect(sent.map((s) => s.payload)).toEqual([
      { conversationId: 'c', messageId: 'a', text: 'x' },
      { conversationId: 'c', messageId: 'b', text: 'y' }
    ])
    clock.advance(16)
    expect(sent.map((s) => s.payload).at(-1)).toEqual({ conversationId: 'c', messageId: 'a', text: 'z' })
  })

  it('flushes held text before any other event so "finished" never overtakes the last delta', () => {
    const { batcher, delta, sent, clock } = setup(16)
    delta('first')
    delta('tail')
    batcher.push('conversations.changed', { conversationId: 'c' })
    expect(sent.map((s) => [s.name, (s.payload as Partial<Delta>).text])).toEqual([
      ['chat.delta', 'first'],
      ['chat.delta', 'tail'],
      ['conversations.changed', undefined]
    ])
    // Nothing left to send when the timer would have fired.
    expect(clock.pending()).toBe(0)
  })

  it('sends a new answer\'s first token at once even right after the previous answer flooded', () => {
    const { batcher, delta, texts } = setup(16)
    delta('one')
    delta('two')
    batcher.flush()
    delta('three', 'next')
    expect(texts()).toEqual(['one', 'two', 'three'])
  })
})
