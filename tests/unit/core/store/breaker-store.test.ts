import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { BreakerRow, BreakerStore } from '../../../../electron/core/llm/policies/circuit-breaker'
import { createBreakerStore, type BreakerStoreOptions, type DeferringBreakerStore } from '../../../../electron/core/store/breaker-store'
import { migrate } from '../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../electron/core/store/open-database'
import { manualTimers } from '../../../support/manual-timers'
import { useTempDir } from './temp-dir'

const path = useTempDir()
const dbs: Database.Database[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
})

function open(options: BreakerStoreOptions = {}): { db: Database.Database; store: BreakerStore } {
  const db = openDatabase(path('workbench.sqlite'))
  dbs.push(db)
  migrate(db)
  return { db, store: createBreakerStore(db, options) }
}

const T = 'openai:gpt-4o'
const row = (fields: Partial<BreakerRow> = {}): BreakerRow => ({
  target: T, state: 'closed', consecutiveFailures: 0, openedAt: null, openUntil: null, cooldownMs: 30_000, probeUntil: null, closedAt: null, updatedAt: 1, ...fields
})
const openRow = (openUntil: number) => row({ state: 'open', consecutiveFailures: 5, openedAt: openUntil - 30_000, openUntil })
/** Records an event and sets the row to `next`, whatever it was. */
const put = (store: BreakerStore, next: BreakerRow, at = 1, outcome: 'ok' | 'network' = 'network') =>
  store.record(next.target, { at, outcome, message: null }, () => next)
const totalChanges = (db: Database.Database) => db.prepare('SELECT total_changes()').pluck().get() as number

describe('breaker store', () => {
  it('reads an unknown target as null, and a recorded one as written', () => {
    const { store } = open()
    expect(store.get(T)).toBeNull()
    const written = openRow(50_000)
    expect(put(store, written)).toBe(written)
    expect(store.get(T)).toEqual(written)
  })

  it('hands the transition the stored row and a window that includes the new event', () => {
    const { store } = open()
    put(store, row({ consecutiveFailures: 2 }), 10)
    let seen: unknown
    store.record(T, { at: 20, outcome: 'ok', message: null }, (current, window) => {
      seen = { current, all: window(0), recent: window(15) }
      return current!
    })
    expect(seen).toEqual({ current: row({ consecutiveFailures: 2 }), all: { calls: 2, failures: 1 }, recent: { calls: 1, failures: 0 } })
  })

  it('skips the row write when the transition returns the row unchanged', () => {
    const { db, store } = open({ deferSuccessMs: 0 })
    put(store, row())
    const before = totalChanges(db)
    store.record(T, { at: 2, outcome: 'ok', message: null }, (current) => current!)
    expect(totalChanges(db) - before).toBe(1) // the event only
  })

  it('keeps nothing of a record whose transition throws', () => {
    const { store } = open()
    expect(() => store.record(T, { at: 1, outcome: 'network', message: null }, () => { throw new Error('bug') })).toThrow('bug')
    expect(store.window(T, 0)).toEqual({ calls: 0, failures: 0 })
    expect(store.get(T)).toBeNull()
  })

  it('gives the probe of an open breaker only after its cool-down, and only once', () => {
    const { store } = open()
    put(store, openRow(1_000))
    expect(store.claimProbe(T, 999, 5_000)).toBe(false)
    expect(store.claimProbe(T, 1_000, 5_000)).toBe(true)
    expect(store.get(T)).toMatchObject({ state: 'half-open', probeUntil: 5_000, updatedAt: 1_000 })
    expect(store.claimProbe(T, 1_001, 6_000)).toBe(false)
    expect(store.claimProbe(T, 5_000, 9_000)).toBe(false)
    expect(store.claimProbe(T, 5_001, 9_000)).toBe(true)
  })

  it('never gives a probe for a closed or unknown breaker', () => {
    const { store } = open()
    expect(store.claimProbe(T, 1, 2)).toBe(false)
    put(store, row())
    expect(store.claimProbe(T, 1, 2)).toBe(false)
    expect(store.get(T)?.state).toBe('closed')
  })

  it('gives the probe to one of two connections on the same file', () => {
    const a = open().store
    const b = open().store
    put(a, openRow(1_000))
    expect([b.claimProbe(T, 2_000, 9_000), a.claimProbe(T, 2_000, 9_000)]).toEqual([true, false])
  })

  it('releases a probe lease only while it is still that lease', () => {
    const { store } = open()
    put(store, openRow(1_000))
    store.claimProbe(T, 1_000, 5_000)
    store.releaseProbe(T, 4_999)
    expect(store.get(T)?.probeUntil).toBe(5_000)
    store.releaseProbe(T, 5_000)
    expect(store.get(T)?.probeUntil).toBeNull()
    expect(store.claimProbe(T, 1_001, 6_000)).toBe(true)
  })

  it('lists every breaker by target, and the latest events newest first', () => {
    const { db, store } = open()
    put(store, row({ target: 'z:1' }))
    put(store, row({ target: 'a:1' }), 1, 'ok')
    put(store, row({ target: 'a:1' }), 3)
    put(store, row({ target: 'a:1' }), 2)
    // Written by a newer version: skipped, not a crash.
    db.prepare("INSERT INTO target_events (target, at, ok, outcome) VALUES ('a:1', 9, 0, 'quantum-flux')").run()
    expect(store.list().map((r) => r.target)).toEqual(['a:1', 'z:1'])
    expect(store.recent('a:1', 3).map((e) => [e.at, e.outcome])).toEqual([[3, 'network'], [2, 'network']])
    expect(store.recent('a:1', 10)).toHaveLength(3)
  })

  it('prunes old events and caps each target every few writes', () => {
    const { db, store } = open({ retainMs: 1_000, maxEventsPerTarget: 3, pruneEvery: 10 })
    for (let i = 0; i < 9; i++) put(store, row({ target: 'a:1' }), 100 + i)
    put(store, row({ target: 'b:1' }), 5_000)
    // The 10th write pruned: a:1's events are all older than 5000 - 1000.
    expect(db.prepare('SELECT target, count(*) AS n FROM target_events GROUP BY target').all()).toEqual([{ target: 'b:1', n: 1 }])
    for (let i = 0; i < 10; i++) put(store, row({ target: 'b:1' }), 5_000 + i)
    expect(store.recent('b:1', 10).map((e) => e.at)).toEqual([5_009, 5_008, 5_007])
  })

  it('turns storage failures into WorkbenchErrors', () => {
    open()
    const readOnly = new Database(path('workbench.sqlite'), { readonly: true })
    dbs.push(readOnly)
    const store = createBreakerStore(readOnly)
    expect(store.get(T)).toBeNull()
    expect(() => put(store, row())).toThrow(expect.objectContaining({ code: 'read_only', retryable: false }))
  })

  describe('successes of a healthy breaker', () => {
    /** A store whose deferred writes wait on a clock the test moves, and a second connection that sees only the file. */
    function deferring() {
      const timer = manualTimers()
      const { db, store } = open({ deferSuccessMs: 1_000, timer })
      const other = open({ deferSuccessMs: 0 }).store
      const ok = (at: number, transition = (r: BreakerRow | null) => r ?? row()) => store.record(T, { at, outcome: 'ok', message: null }, transition)
      return { timer, db, store, other, ok }
    }

    it('are written together, one commit, once the wait is over; the other process then counts them', () => {
      const { timer, store, other, ok } = deferring()
      put(store, row(), 1, 'network')
      for (let i = 0; i < 3; i++) expect(ok(10 + i)).toEqual(row())
      expect(other.window(T, 0)).toEqual({ calls: 1, failures: 1 })
      timer.advance(999)
      expect(other.window(T, 0)).toEqual({ calls: 1, failures: 1 })
      timer.advance(1)
      expect(other.window(T, 0)).toEqual({ calls: 4, failures: 1 })
      expect(timer.pending()).toBe(0)
    })

    it('are counted at once by this process, and go first in the next write, in order', () => {
      const { store, ok } = deferring()
      put(store, row())
      ok(10)
      ok(11)
      expect(store.window(T, 0)).toEqual({ calls: 3, failures: 1 })
      ok(12)
      put(store, row({ consecutiveFailures: 1 }), 13)
      expect(store.recent(T, 10).map((e) => [e.at, e.outcome])).toEqual([[13, 'network'], [12, 'ok'], [11, 'ok'], [10, 'ok'], [1, 'network']])
    })

    it('is written at once when it changes the breaker (a failure count going back to 0, a probe closing it)', () => {
      const { store, other, ok, timer } = deferring()
      put(store, row({ consecutiveFailures: 2 }))
      const reset = ok(10, (r) => ({ ...r!, consecutiveFailures: 0, updatedAt: 10 }))
      expect(reset.consecutiveFailures).toBe(0)
      expect(other.get(T)?.consecutiveFailures).toBe(0)
      expect(other.window(T, 0).calls).toBe(2)
      expect(timer.pending()).toBe(0)
    })

    it('waits for a target with no row yet too: it reads as closed until its first row is written', () => {
      const { other, ok, timer } = deferring()
      expect(ok(10)).toEqual(row())
      expect(other.get(T)).toBeNull()
      timer.advance(1_000)
      expect(other.get(T)).toEqual(row())
    })

    it('are all written by flush() (the store does it when it closes), and never after the database closed', () => {
      const { store, other, ok, db, timer } = deferring()
      ok(10)
      ;(store as DeferringBreakerStore).flush()
      expect(other.window(T, 0).calls).toBe(1)
      ok(11)
      db.close()
      expect(() => timer.advance(1_000)).not.toThrow()
    })
  })

  it('waits for, then gives up on, another process holding the write lock', () => {
    const { db: other } = open()
    const impatient = new Database(path('workbench.sqlite'), { timeout: 20 })
    dbs.push(impatient)
    const store = createBreakerStore(impatient)
    other.exec('BEGIN IMMEDIATE')
    try {
      expect(() => put(store, row())).toThrow(expect.objectContaining({ code: 'database_busy', retryable: true }))
    } finally {
      other.exec('ROLLBACK')
    }
    expect(put(store, row())).toEqual(row())
  })
})
