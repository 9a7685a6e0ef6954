import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * What a running attempt reports as it goes, so the timeout policy can tell "nothing answered"
 * from "answered, but no token yet" from "went quiet mid-stream". Marks are cheap: no timers move.
 */
export interface AttemptProgress {
  /** The response headers arrived (instrumentFetch calls it). */
  markHeaders(): void
  /** A chunk of the answer arrived (the code reading the stream calls it). */
  markChunk(): void
}

/** The attempt's own progress, plus the enclosing attempt's when attempts are nested. */
const storage = new AsyncLocalStorage<AttemptProgress>()

/**
 * Runs `fn` with `progress` as the current attempt: everything it awaits, including the SDKs'
 * fetch calls, sees it through currentAttempt(). When an attempt is already current (a caller
 * tracking its own progress around the timeout policy), marks reach both.
 */
export function runInAttempt<T>(progress: AttemptProgress, fn: () => T): T {
  const parent = storage.getStore()
  const current: AttemptProgress =
    parent === undefined
      ? progress
      : {
          markHeaders() {
            progress.markHeaders()
            parent.markHeaders()
          },
          markChunk() {
            progress.markChunk()
            parent.markChunk()
          }
        }
  return storage.run(current, fn)
}

/** The attempt the calling code runs in, or undefined outside any attempt. */
export function currentAttempt(): AttemptProgress | undefined {
  return storage.getStore()
}

/**
 * Wraps a fetch so the current attempt learns when response headers arrive (any status: the
 * server answered). Pass it as ProviderEndpoint.fetch; `inner` defaults to the global fetch,
 * looked up per call so a replaced global is honoured.
 */
export function instrumentFetch(inner?: typeof fetch): typeof fetch {
  return async (input, init) => {
    // Taken before awaiting: the attempt is the one that made the request.
    const attempt = storage.getStore()
    const response = await (inner ?? globalThis.fetch)(input, init)
    attempt?.markHeaders()
    return response
  }
}
