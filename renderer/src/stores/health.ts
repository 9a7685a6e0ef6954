import { createStore, type StoreApi } from 'zustand/vanilla'
import type { HealthView } from '../../../shared/types/domain'
import { errorMessage, type Client } from '../api/client'

/** Breakers, queues and the offline flag, read from the core while someone looks at them. */
export interface HealthState {
  view: HealthView | null
  /** When `view` was read, so "reopens in 12 s" counts from the right moment. */
  readAt: number | null
  error: string | null
  refresh(): Promise<void>
  /** Starts polling until the returned function is called; nested watchers share one timer. */
  watch(): () => void
  /** An answer just ended: breakers may have moved. Re-reads only while watched. */
  onAnswerFinished(): void
}

/** Timing seams, so tests can drive the poll with fake timers. */
export interface HealthDeps {
  intervalMs?: number
  now?: () => number
  /** Whether the window can be seen; a minimised window skips its polls. */
  pageVisible?: () => boolean
}

/** Creates the health slice. Nothing is polled until a panel watches it. */
export function createHealthStore(client: Client, { intervalMs = 2000, now = Date.now, pageVisible = documentVisible }: HealthDeps = {}): StoreApi<HealthState> {
  let watchers = 0
  let timer: ReturnType<typeof setInterval> | null = null
  let inFlight = false

  return createStore<HealthState>()((set, get) => ({
    view: null,
    readAt: null,
    error: null,

    async refresh() {
      // A slow core must not pile up reads: skip a tick rather than queue it.
      if (inFlight) return
      inFlight = true
      try {
        const view = await client.invoke('health.get', {})
        set({ view, readAt: now(), error: null })
      } catch (err) {
        set({ error: errorMessage(err) })
      } finally {
        inFlight = false
      }
    },

    watch() {
      watchers++
      if (watchers === 1) {
        void get().refresh()
        timer = setInterval(() => {
          if (pageVisible()) void get().refresh()
        }, intervalMs)
      }
      let done = false
      return () => {
        if (done) return
        done = true
        watchers--
        if (watchers === 0 && timer) {
          clearInterval(timer)
          timer = null
        }
      }
    },

    onAnswerFinished() {
      if (watchers > 0) void get().refresh()
    }
  }))
}

function documentVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden'
}
