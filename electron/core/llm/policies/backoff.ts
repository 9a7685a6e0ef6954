/** What the wait before a retry depends on. */
export interface BackoffOptions {
  /** The ceiling of the first retry's wait; each later retry doubles it. */
  baseDelayMs: number
  /** No backoff wait is longer than this. */
  maxDelayMs: number
  /** Uniform in [0, 1); injected so tests are deterministic. */
  random: () => number
}

/**
 * Exponential backoff with full jitter (AWS's "Exponential Backoff and Jitter"): a uniform wait
 * in [0, min(maxDelayMs, baseDelayMs * 2^(tryNo-1))). Full jitter spreads clients that failed
 * together the most, at the cost of sometimes retrying almost at once. `tryNo` is the 1-based
 * try that just failed.
 */
export function backoffDelay(tryNo: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, tryNo - 1))
  return Math.floor(options.random() * ceiling)
}

/**
 * The wait before a retry the server asked for: exactly its Retry-After, with no jitter. Never
 * earlier than asked, and deterministic; the server already spreads its clients by what it tells
 * each, and waits beyond the cap never get here (the retry table moves to the next target).
 */
export function serverDelay(retryAfterMs: number): number {
  return Math.max(0, Math.ceil(retryAfterMs))
}
