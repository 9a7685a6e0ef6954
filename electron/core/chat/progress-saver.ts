/** The timer functions the saver uses; injectable so tests drive it with fake timers. */
export interface ProgressTimer {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

// Globals are looked up per call so vitest's fake timers (installed after import) apply.
const systemTimer: ProgressTimer = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

/** How long streamed text may stay unsaved by default: a crash loses at most this much of what was shown. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 250

export interface ProgressSaver {
  /** Adds streamed text; it is saved at most intervalMs later, whether or not more text follows. */
  append(text: string): void
  /** The answer restarts from nothing (a broken try's text now lives on its attempt). */
  reset(): void
  /** The text of the current try so far, saved or not. */
  text(): string
  /** Stops the timer; the caller stores the final text itself. */
  dispose(): void
}

/**
 * Keeps the stored text of a streaming answer close behind what the user sees. The timer starts
 * at the first unsaved delta and fires even if the stream stalls, so text shown for longer than
 * intervalMs survives `kill -9`; a stream that never produced text never saves (no commit before
 * the first token). At most one save per interval, however fast the tokens come.
 */
export function createProgressSaver(options: {
  save: (text: string) => void
  /** A failed save (a full disk) is reported, not thrown: it runs on a timer, and the final store retries it. */
  onError: (err: unknown) => void
  intervalMs?: number
  timer?: ProgressTimer
}): ProgressSaver {
  const { intervalMs = DEFAULT_PROGRESS_INTERVAL_MS, timer = systemTimer } = options
  let text = ''
  let saved = ''
  let handle: unknown = null

  const cancel = (): void => {
    if (handle !== null) timer.clearTimeout(handle)
    handle = null
  }
  const flush = (): void => {
    handle = null
    if (text === saved) return
    try {
      options.save(text)
      saved = text
    } catch (err) {
      options.onError(err)
    }
  }

  return {
    append(delta) {
      if (delta === '') return
      text += delta
      handle ??= timer.setTimeout(flush, intervalMs)
    },
    reset() {
      cancel()
      text = ''
      // Only a row that holds text needs clearing: no commit for a try that broke before saving.
      if (saved !== '') flush()
    },
    /** The text of the current try so far, saved or not. */
    text: () => text,
    dispose: cancel
  }
}
