import { describe, expect, it } from 'vitest'
import type { Message } from '../../../shared/types/domain'
import { appendDelta, emptyMap, fromList, localMessage, mergeLoaded, renameId, upsert } from '../../../renderer/src/stores/message-map'

function assistant(id: string, content: string, status: Message['status']): Message {
  return localMessage({ id, conversationId: 'c1', role: 'assistant', content, status }, 1)
}

describe('message map', () => {
  it('appends deltas to the streaming message and leaves the others untouched', () => {
    const older = assistant('a0', 'done before', 'complete')
    const map = fromList([older, assistant('a1', 'Hel', 'streaming')])
    const next = appendDelta(appendDelta(map, { conversationId: 'c1', messageId: 'a1', text: 'lo' }, 2), { conversationId: 'c1', messageId: 'a1', text: '!' }, 3)
    expect(next.byId.a1?.content).toBe('Hello!')
    expect(next.ids).toBe(map.ids) // same array: the list does not re-render
    expect(next.byId.a0).toBe(older) // same object: the finished message does not re-render
  })

  it('creates a streaming placeholder for a delta whose start was missed', () => {
    const next = appendDelta(emptyMap, { conversationId: 'c1', messageId: 'a9', text: 'late' }, 5)
    expect(next.ids).toEqual(['a9'])
    expect(next.byId.a9).toMatchObject({ role: 'assistant', status: 'streaming', content: 'late' })
  })

  it('ignores a delta that arrives after the message finished', () => {
    const map = fromList([assistant('a1', 'final text', 'partial')])
    expect(appendDelta(map, { conversationId: 'c1', messageId: 'a1', text: ' again' }, 2)).toBe(map)
  })

  it('replaces a message by id when started or finished delivers it whole', () => {
    const map = upsert(fromList([assistant('a1', 'par', 'streaming')]), assistant('a1', 'partial answer', 'partial'))
    expect(map.ids).toEqual(['a1'])
    expect(map.byId.a1?.status).toBe('partial')
  })

  it('gives a local message its stored id in place', () => {
    const local = localMessage({ id: 'local-1', conversationId: '', role: 'user', content: 'hi', status: 'complete' }, 1)
    const map = upsert(upsert(emptyMap, local), assistant('a1', '', 'streaming'))
    const next = renameId(map, 'local-1', { ...local, id: 'u1', conversationId: 'c1' })
    expect(next.ids).toEqual(['u1', 'a1'])
    expect(next.byId['local-1']).toBeUndefined()
  })

  it('keeps a finished message over a loaded snapshot that still says streaming', () => {
    const current = fromList([assistant('a1', 'the whole answer', 'complete')])
    const merged = mergeLoaded([assistant('a1', 'the who', 'streaming')], current)
    expect(merged.byId.a1?.content).toBe('the whole answer')
  })
})
