/**
 * The one shape every resilience policy has (cockatiel's): run `fn` under this policy, with a
 * signal that the policy may abort (a timeout) and that follows the caller's signal (Stop).
 * Policies compose by nesting (composePolicies); the order the client runs them in is written
 * once, in run-try.ts's targetPolicy.
 */
export interface Policy {
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T>
}

/**
 * Nests policies, the first outermost: composePolicies([a, b, c]).execute(fn) runs a(b(c(fn))),
 * each layer handing the next the signal it may have narrowed.
 */
export function composePolicies(layers: readonly Policy[]): Policy {
  return {
    execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
      const enter = (i: number, s: AbortSignal): Promise<T> => {
        const layer = layers[i]
        return layer ? layer.execute((inner) => enter(i + 1, inner), s) : fn(s)
      }
      return enter(0, signal)
    }
  }
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
