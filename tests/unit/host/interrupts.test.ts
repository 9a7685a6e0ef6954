import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TERM_GRACE_MS, trapInterrupts } from '../../../electron/host/interrupts'

function stderr(): PassThrough & { text: () => string } {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (d) => (text += d))
  return Object.assign(stream, { text: () => text })
}

afterEach(() => vi.useRealTimers())

describe('trapInterrupts', () => {
  it('aborts on the first Ctrl-C and hands both signals back to their default action', () => {
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') }
    const controller = new AbortController()
    const exit = vi.fn()
    const err = stderr()
    trapInterrupts(controller, err, exit)
    expect(process.listenerCount('SIGINT')).toBe(before.int + 1)
    process.emit('SIGINT')
    expect(controller.signal.aborted).toBe(true)
    expect(err.text()).toContain('Ctrl-C again quits at once')
    // No listener of ours left: the next SIGINT or SIGTERM is the kernel's (Node's) default, immediate exit.
    expect(process.listenerCount('SIGINT')).toBe(before.int)
    expect(process.listenerCount('SIGTERM')).toBe(before.term)
    expect(exit).not.toHaveBeenCalled()
  })

  it('exits with 143 after a grace time when a SIGTERM did not end the work', () => {
    vi.useFakeTimers()
    const controller = new AbortController()
    const exit = vi.fn()
    trapInterrupts(controller, stderr(), exit)
    process.emit('SIGTERM')
    expect(controller.signal.aborted).toBe(true)
    vi.advanceTimersByTime(TERM_GRACE_MS - 1)
    expect(exit).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(exit).toHaveBeenCalledWith(143)
  })
})
