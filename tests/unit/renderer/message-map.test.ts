import { describe, expect, it } from 'vitest'
import type { Message } from '../../../shared/types/domain'
import { appendDelta, emptyMap, fromList, localMessage, mergeLoaded, mergeNewest, prependOlder, renameId, upsert } from '../../../renderer/src/stores/message-map'

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

  describe('paging', () => {
    const at = (id: string, createdAt: number, status: Message['status'] = 'complete') => ({ ...assistant(id, id, status), createdAt })

    it('puts an older page in front, keeping what the window already shows', () => {
      const shown = at('m3', 3)
      const map = fromList([shown, at('m4', 4)])
      const next = prependOlder(map, [at('m1', 1), at('m2', 2), { ...shown, content: 'stale copy' }])
      expect(next.ids).toEqual(['m1', 'm2', 'm3', 'm4'])
      expect(next.byId.m3).toBe(shown)
      expect(prependOlder(map, [])).toBe(map)
    })

    it('keeps the older part of the window when a re-read newest page joins up with it', () => {
      const map = fromList([at('m1', 1), at('m2', 2), at('m3', 3), at('m4', 4, 'streaming')])
      const { map: next, keepsOlder } = mergeNewest([at('m3', 3), at('m4', 4), at('m5', 5)], map)
      expect(next.ids).toEqual(['m1', 'm2', 'm3', 'm4', 'm5'])
      expect(next.byId.m4?.status).toBe('complete')
      expect(keepsOlder).toBe(true)
    })

    it('restarts the window at the page when it does not join up, keeping newer messages events delivered', () => {
      const map = fromList([at('m1', 1), at('m2', 2), at('m9', 9, 'streaming')])
      const { map: next, keepsOlder } = mergeNewest([at('m6', 6), at('m7', 7)], map)
      expect(next.ids).toEqual(['m6', 'm7', 'm9'])
      expect(keepsOlder).toBe(false)
    })

    it('treats a first load like before: the page, then what events already delivered', () => {
      const { map: next, keepsOlder } = mergeNewest([at('m1', 1)], fromList([at('m2', 2, 'streaming')]))
      expect(next.ids).toEqual(['m1', 'm2'])
      expect(keepsOlder).toBe(false)
    })
  })
})
