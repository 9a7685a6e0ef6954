/**
 * The one shape every resilience policy has (cockatiel's): run `fn` under this policy, with a
 * signal that the policy may abort (a timeout) and that follows the caller's signal (Stop).
 * Policies compose by nesting: breaker(retry(bulkhead(rateLimit(timeout(attempt))))).
 */
export interface Policy {
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T>
}

/** Interactive chat goes ahead of background work in every queue. */
export type Priority = 'interactive' | 'background'

/** A target of a route, "provider:model" split in two. */
export interface Target {
  provider: string
  model: string
}

export function targetKey(t: Target): string {
  return `${t.provider}:${t.model}`
}

/** Abortable sleep; resolves early with false when the signal fires (never rejects). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<boolean>

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve(false)
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      resolve(false)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
