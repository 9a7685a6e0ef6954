/** Waits ms of real time. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** How often each value occurs, for run summaries. */
export function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1
  return counts
}

/**
 * Polls `condition` until it holds (true), the process it watches is gone or `limitMs` passes (false):
 * waiting on a condition instead of a guessed delay keeps a test right on a slow, busy machine.
 */
export async function until(condition: () => boolean, options: { gone?: Promise<unknown>; limitMs?: number; everyMs?: number } = {}): Promise<boolean> {
  let over = false
  void options.gone?.then(() => (over = true))
  const deadline = Date.now() + (options.limitMs ?? 30_000)
  for (;;) {
    if (condition()) return true
    if (over || Date.now() > deadline) return condition()
    await delay(options.everyMs ?? 10)
  }
}
