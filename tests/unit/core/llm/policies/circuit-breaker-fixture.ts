import type Database from 'better-sqlite3'
import { afterEach } from 'vitest'
import { createCircuitBreakers, type BreakerOptions, type BreakerStore } from '../../../../../electron/core/llm/policies/circuit-breaker'
import { createBreakerStore } from '../../../../../electron/core/store/breaker-store'
import { migrate } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { useTempDir } from '../../store/temp-dir'

/** A clock the test moves by hand. */
export interface Clock {
  now: () => number
  advance: (ms: number) => void
}

export function manualClock(start = 1_700_000_000_000): Clock {
  let t = start
  return { now: () => t, advance: (ms) => void (t += ms) }
}

/**
 * Breakers over real SQLite files in a temp folder. Each `connect()` is a separate connection to
 * the same file, as a separate process would open it; all are closed after the test.
 */
export function useBreakerDatabase(): {
  connect: (options?: Partial<BreakerOptions>, clock?: Clock) => { db: Database.Database; store: BreakerStore; breakers: ReturnType<typeof createCircuitBreakers> }
} {
  const path = useTempDir()
  const open: Database.Database[] = []
  // Registered after useTempDir's hook, so it runs first: close before the folder goes.
  afterEach(() => {
    for (const db of open.splice(0)) db.close()
  })
  return {
    connect(options = {}, clock = manualClock()) {
      const db = openDatabase(path('workbench.sqlite'))
      open.push(db)
      migrate(db)
      const store = createBreakerStore(db)
      return { db, store, breakers: createCircuitBreakers(store, options, clock.now) }
    }
  }
}
