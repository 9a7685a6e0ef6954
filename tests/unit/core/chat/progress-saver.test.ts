import { describe, expect, it } from 'vitest'
import { createProgressSaver, type ProgressTimer } from '../../../../electron/core/chat/progress-saver'

/** A timer the test advances by hand: what the saver does at each moment is exact. */
function manualTimer(): ProgressTimer & { advance(ms: number): void; pending(): number } {
  let now = 0
  let next = 1
  const due = new Map<number, { at: number; fn: () => void }>()
  return {
    setTimeout(fn, ms) {
      due.set(next, { at: now + ms, fn })
      return next++
    },
    clearTimeout: (handle) => void due.delete(handle as number),
    advance(ms) {
      const until = now + ms
      for (;;) {
        const [id, first] = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? []
        if (id === undefined || !first || first.at > until) break
        due.delete(id)
        now = first.at
        first.fn()
      }
      now = until
    },
    pending: () => due.size
  }
}

function saver(intervalMs = 250) {
  const timer = manualTimer()
  const saves: string[] = []
  const errors: unknown[] = []
  const failing = { on: false }
  const progress = createProgressSaver({
    save: (text) => {
      if (failing.on) throw new Error('disk full')
      saves.push(text)
    },
    onError: (err) => errors.push(err),
    intervalMs,
    timer
  })
  return { progress, timer, saves, errors, failing }
}

describe('progress saver', () => {
  it('saves nothing, and arms no timer, until text arrives', () => {
    const { timer, saves } = saver()
    timer.advance(10_000)
    expect(saves).toEqual([])
    expect(timer.pending()).toBe(0)
  })

  it('saves text of a stream that stalls, one interval after its first unsaved delta', () => {
    const { progress, timer, saves } = saver()
    progress.append('Hello')
    timer.advance(100)
    progress.append(' world')
    timer.advance(149)
    expect(saves).toEqual([])
    timer.advance(1)
    expect(saves).toEqual(['Hello world'])
    // Still stalled: nothing new to save, so no more commits.
    timer.advance(10_000)
    expect(saves).toEqual(['Hello world'])
    expect(timer.pending()).toBe(0)
  })

  it('saves at most once per interval however fast the tokens come', () => {
    const { progress, timer, saves } = saver()
    for (let i = 0; i < 100; i++) {
      progress.append(`t${i} `)
      timer.advance(10)
    }
    expect(saves).toHaveLength(4) // at 250, 500, 750 and 1000 ms
    expect(saves.at(-1)!.startsWith('t0 t1 ')).toBe(true)
    timer.advance(250)
    expect(saves.at(-1)).toBe(Array.from({ length: 100 }, (_, i) => `t${i} `).join(''))
  })

  it('clears saved text when the answer restarts, and commits nothing for a try that broke before a save', () => {
    const { progress, timer, saves } = saver()
    progress.append('lost')
    progress.reset()
    timer.advance(1_000)
    expect(saves).toEqual([])

    progress.append('first try')
    timer.advance(250)
    progress.reset()
    expect(saves).toEqual(['first try', ''])
    progress.append('second')
    timer.advance(250)
    expect(saves).toEqual(['first try', '', 'second'])
  })

  it('stops saving once disposed', () => {
    const { progress, timer, saves } = saver()
    progress.append('final text is stored by finish()')
    progress.dispose()
    timer.advance(1_000)
    expect(saves).toEqual([])
  })

  it('reports a failed save instead of throwing from its timer, and saves again with the next delta', () => {
    const { progress, timer, saves, errors, failing } = saver()
    failing.on = true
    progress.append('a')
    expect(() => timer.advance(250)).not.toThrow()
    expect(errors).toHaveLength(1)
    failing.on = false
    progress.append('b')
    timer.advance(250)
    expect(saves).toEqual(['ab'])
  })
})
