import { describe, expect, it } from 'vitest'
import { PriorityQueue } from '../../../../../electron/core/llm/policies/priority-queue'

describe('priority queue', () => {
  it('serves every interactive item before any background one, first in first out within each', () => {
    const q = new PriorityQueue<string>()
    q.push('b1', 'background')
    q.push('i1', 'interactive')
    q.push('b2', 'background')
    q.push('i2', 'interactive')
    expect(q.toArray()).toEqual(['i1', 'i2', 'b1', 'b2'])
    expect(q.peek()).toBe('i1')
    expect([q.shift(), q.shift(), q.shift(), q.shift(), q.shift()]).toEqual(['i1', 'i2', 'b1', 'b2', undefined])
    expect(q.size).toBe(0)
  })

  it('removes an item wherever it waits, and says whether it was there', () => {
    const q = new PriorityQueue<string>()
    q.push('b1', 'background')
    q.push('i1', 'interactive')
    q.push('b2', 'background')
    expect(q.remove('b1')).toBe(true)
    expect(q.remove('b1')).toBe(false)
    expect(q.remove('i1')).toBe(true)
    expect(q.toArray()).toEqual(['b2'])
    expect(q.size).toBe(1)
  })

  it('peeks at nothing when empty', () => {
    expect(new PriorityQueue<number>().peek()).toBeUndefined()
  })
})
