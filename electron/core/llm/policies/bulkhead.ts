import { WorkbenchError } from '../../../../shared/errors'
import { ProviderError } from '../errors'
import type { Policy, Priority } from './policy'
import { PriorityQueue } from './priority-queue'

/** Waiting callers per provider beyond which new ones are turned away rather than queued. */
export const DEFAULT_BULKHEAD_QUEUE = 64

/** Concurrency limits per provider in this process; see createBulkheads. */
export interface Bulkheads {
  /** A policy running at most maxConcurrent executions for provider at once; others queue, interactive first. */
  policy(provider: string, maxConcurrent: number, priority: Priority, maxQueue?: number): Policy
  /** Executions running and waiting for provider in this process. */
  stats(provider: string): { inFlight: number; queued: number }
}

interface Compartment {
  inFlight: number
  /** The latest limit any policy asked for, so a settings change applies to the next release. */
  max: number
  /** Each waiter is the function that wakes it; the slot is already counted when it is called. */
  readonly queue: PriorityQueue<() => void>
}

/**
 * One compartment per provider, so a slow provider fills only its own slots and never delays
 * calls to another. Slots are handed over on release, so a newcomer cannot overtake a waiter.
 */
export function createBulkheads(): Bulkheads {
  const compartments = new Map<string, Compartment>()

  const compartmentOf = (provider: string, max: number): Compartment => {
    let c = compartments.get(provider)
    if (!c) {
      c = { inFlight: 0, max, queue: new PriorityQueue() }
      compartments.set(provider, c)
    }
    c.max = max
    return c
  }

  const release = (c: Compartment): void => {
    c.inFlight--
    while (c.inFlight < c.max && c.queue.size > 0) {
      c.inFlight++
      ;(c.queue.shift() as () => void)()
    }
  }

  /** Resolves once a slot is held (inFlight already counts it). */
  const enter = (provider: string, c: Compartment, priority: Priority, maxQueue: number, signal: AbortSignal): Promise<void> | null => {
    if (signal.aborted) throw stopped(provider)
    if (c.inFlight < c.max && c.queue.size === 0) {
      c.inFlight++
      return null
    }
    if (c.queue.size >= maxQueue) {
      throw new WorkbenchError(
        'bulkhead_full',
        `${c.queue.size} requests are already waiting for ${provider} (at most ${c.max} run at once). Try again when some have finished.`,
        { retryable: true }
      )
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (c.queue.remove(wake)) reject(stopped(provider))
      }
      const wake = () => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      signal.addEventListener('abort', onAbort, { once: true })
      c.queue.push(wake, priority)
    })
  }

  return {
    policy(provider, maxConcurrent, priority, maxQueue = DEFAULT_BULKHEAD_QUEUE) {
      const max = Math.max(1, Math.floor(maxConcurrent))
      return {
        async execute(fn, signal) {
          const c = compartmentOf(provider, max)
          const waiting = enter(provider, c, priority, maxQueue, signal)
          if (waiting) await waiting
          try {
            return await fn(signal)
          } finally {
            release(c)
          }
        }
      }
    },
    stats(provider) {
      const c = compartments.get(provider)
      return { inFlight: c?.inFlight ?? 0, queued: c?.queue.size ?? 0 }
    }
  }
}

function stopped(provider: string): ProviderError {
  return new ProviderError({ provider, failure: 'aborted', message: `The request to ${provider} was stopped while waiting for a free slot.` })
}
