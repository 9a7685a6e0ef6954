/**
 * Timers on a clock that moves only when the test says so, in the shape of the timeout policy's
 * TimeoutClock. For tests where real I/O runs (sockets, SDKs) but the decision under test is about
 * time: vitest's fake timers would also freeze the I/O libraries' own timers, this freezes only
 * the code the clock is passed to. A busy machine can then delay the I/O but never fire a limit.
 */
export interface ManualTimers {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  /** Moves the clock forward and runs every timer that came due, earliest first. */
  advance(ms: number): void
  /** Timers still waiting. */
  pending(): number
}

export function manualTimers(start = 0): ManualTimers {
  let now = start
  let nextId = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimeout(fn, ms) {
      timers.set(++nextId, { at: now + Math.max(0, ms), fn })
      return nextId
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(ms) {
      const until = now + ms
      for (;;) {
        // A timer may set another (the policy re-arms): pick the earliest due one each time.
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        now = Math.max(now, due[1].at)
        due[1].fn()
      }
      now = until
    },
    pending: () => timers.size
  }
}

/** Polls `check` on real time until it holds, for conditions that real I/O makes true (a request arrived). */
export async function until(check: () => boolean, what: string, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs
  while (!check()) {
    // Generous: only a hang reaches it, never a slow machine.
    if (Date.now() > deadline) throw new Error(`still waiting after ${withinMs} ms for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
