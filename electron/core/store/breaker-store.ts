import type { Database } from 'better-sqlite3'
import { AttemptOutcome } from '../../../shared/types/domain'
import type { BreakerEvent, BreakerRow, BreakerState, BreakerStore, WindowStats } from '../llm/policies/circuit-breaker'
import { guardMethods } from './sqlite-errors'

export interface BreakerStoreOptions {
  /** Events older than this are pruned; must cover the breaker's window (60 s by default). */
  retainMs?: number
  /** At most this many events per target survive a prune. */
  maxEventsPerTarget?: number
  /** Prune once every this many recorded events (per process), not on every call. */
  pruneEvery?: number
  /**
   * How long a success that changes no breaker may wait before it is written, batched with the
   * others (0: write at once). Other processes see it that much later in their failure-rate window.
   */
  deferSuccessMs?: number
  /** Timers for those writes (fake ones in tests); the default never keeps a process alive. */
  timer?: DeferTimer
  /** Told when a deferred write fails (a full disk): nobody waits on it, so it cannot throw. */
  onDeferredError?: (err: unknown) => void
}

/** The timer functions the deferred writes use. */
export interface DeferTimer {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

// Globals are looked up per call so vitest's fake timers (installed after import) apply.
const systemTimer: DeferTimer = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms)
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

/** The breaker store as create-store holds it: flush() writes deferred successes (close does, too). */
export interface DeferringBreakerStore extends BreakerStore {
  flush(): void
}

type Transition = Parameters<BreakerStore['record']>[2]
interface Pending {
  target: string
  event: BreakerEvent
  transition: Transition
}

interface Row {
  target: string
  state: BreakerState
  consecutive_failures: number
  opened_at: number | null
  open_until: number | null
  cooldown_ms: number
  probe_until: number | null
  closed_at: number | null
  updated_at: number
}

/** Successes written together at most; more than this within deferSuccessMs are written at once. */
const MAX_DEFERRED = 256

const COLUMNS = 'target, state, consecutive_failures, opened_at, open_until, cooldown_ms, probe_until, closed_at, updated_at'

/**
 * Breakers and their recent events in the shared database (migration 0005). Prepare after
 * migrating. Storage errors come out as WorkbenchErrors, like the other repos'.
 *
 * A success that leaves its breaker as it is (closed with no failures: every answer of a healthy
 * provider) is not a commit of its own: it only adds an event to the failure-rate window, so it
 * waits up to deferSuccessMs and goes with the next write in one transaction. Anything that
 * changes a breaker, and every failure, is written at once, after the waiting successes, so this
 * process's window and order of events are exactly as if nothing had waited.
 */
export function createBreakerStore(db: Database, options: BreakerStoreOptions = {}): DeferringBreakerStore {
  const retainMs = options.retainMs ?? 600_000
  const maxEvents = options.maxEventsPerTarget ?? 200
  const pruneEvery = options.pruneEvery ?? 100
  const deferMs = options.deferSuccessMs ?? 1000
  const timer = options.timer ?? systemTimer
  const onDeferredError = options.onDeferredError ?? ((err: unknown) => console.error('[breakers] could not write deferred successes:', err))

  const select = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM breakers WHERE target = ?`)
  const selectAll = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM breakers ORDER BY target`)
  const upsert = db.prepare<[Row]>(
    `INSERT INTO breakers (${COLUMNS}) VALUES (@target, @state, @consecutive_failures, @opened_at, @open_until, @cooldown_ms, @probe_until, @closed_at, @updated_at)
     ON CONFLICT (target) DO UPDATE SET state = excluded.state, consecutive_failures = excluded.consecutive_failures,
       opened_at = excluded.opened_at, open_until = excluded.open_until, cooldown_ms = excluded.cooldown_ms,
       probe_until = excluded.probe_until, closed_at = excluded.closed_at, updated_at = excluded.updated_at`
  )
  const insertEvent = db.prepare<[string, number, number, string, string | null]>(
    'INSERT INTO target_events (target, at, ok, outcome, message) VALUES (?, ?, ?, ?, ?)'
  )
  const countWindow = db.prepare<[string, number], { calls: number; failures: number | null }>(
    'SELECT count(*) AS calls, sum(1 - ok) AS failures FROM target_events WHERE target = ? AND at >= ?'
  )
  const selectRecent = db.prepare<[string, number], { at: number; outcome: string; message: string | null }>(
    'SELECT at, outcome, message FROM target_events WHERE target = ? ORDER BY at DESC, id DESC LIMIT ?'
  )
  // One statement, so it is atomic across processes: for an autocommit write SQLite takes the
  // write lock (waiting out busy_timeout) before reading the row, so the WHERE sees the latest
  // state and exactly one caller gets changes === 1.
  const claim = db.prepare<{ target: string; now: number; lease: number }>(
    `UPDATE breakers SET state = 'half-open', probe_until = @lease, updated_at = @now
     WHERE target = @target
       AND ((state = 'open' AND open_until <= @now) OR (state = 'half-open' AND (probe_until IS NULL OR probe_until < @now)))`
  )
  const release = db.prepare<[string, number]>(
    "UPDATE breakers SET probe_until = NULL WHERE target = ? AND state = 'half-open' AND probe_until = ?"
  )
  const pruneOld = db.prepare<[number]>('DELETE FROM target_events WHERE at < ?')
  const pruneExcess = db.prepare<[number]>(
    `DELETE FROM target_events WHERE id IN (
       SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY target ORDER BY at DESC, id DESC) AS n FROM target_events)
       WHERE n > ?)`
  )

  const window = (target: string, since: number): WindowStats => {
    const r = countWindow.get(target, since)
    return { calls: r?.calls ?? 0, failures: r?.failures ?? 0 }
  }

  let sincePrune = 0
  const apply = ({ target, event, transition }: Pending): BreakerRow => {
    insertEvent.run(target, event.at, event.outcome === 'ok' ? 1 : 0, event.outcome, event.message)
    const found = select.get(target)
    const row = found ? fromRow(found) : null
    const next = transition(row, (since) => window(target, since))
    if (next !== row) upsert.run(toRow(next))
    if (++sincePrune >= pruneEvery) {
      sincePrune = 0
      pruneOld.run(event.at - retainMs)
      pruneExcess.run(maxEvents)
    }
    return next
  }
  // IMMEDIATE (at the call): take the write lock before reading, so two processes cannot both act on the same old row.
  const writeTx = db.transaction((batch: Pending[]): BreakerRow | null => {
    let last: BreakerRow | null = null
    for (const p of batch) last = apply(p)
    return last
  })

  const deferred: Pending[] = []
  let handle: unknown = null
  /** Writes the waiting successes, then `also`, in one transaction; a failed write keeps them waiting. */
  const write = (also: Pending | null): BreakerRow | null => {
    if (handle !== null) timer.clearTimeout(handle)
    handle = null
    const batch = deferred.splice(0)
    if (also) batch.push(also)
    if (batch.length === 0) return null
    try {
      return writeTx.immediate(batch)
    } catch (err) {
      deferred.unshift(...(also ? batch.slice(0, -1) : batch))
      throw err
    }
  }
  const flushLater = (): void => {
    if (!db.open) return void (deferred.length = 0)
    try {
      write(null)
    } catch (err) {
      deferred.length = 0 // a second failure would only repeat; the window misses a few successes
      onDeferredError(err)
    }
  }
  const flush = (): void => {
    if (db.open) write(null)
  }

  /**
   * The row after a success that can wait, or null when it cannot. It can when the transition
   * (pure: nextRow) returns the row unchanged, so only the event is left to write; and for a
   * target with no row yet, which reads as closed until its first row is written. The write, when
   * it comes, runs the transition again on the row as it is then.
   */
  const canWait = (p: Pending): BreakerRow | null => {
    if (deferMs <= 0 || p.event.outcome !== 'ok') return null
    const found = select.get(p.target)
    const row = found ? fromRow(found) : null
    // The window the transition would see, this success included (a healthy closed breaker never asks).
    const withThis = (since: number): WindowStats => {
      const w = window(p.target, since)
      return p.event.at >= since ? { calls: w.calls + 1, failures: w.failures } : w
    }
    const next = p.transition(row, withThis)
    return row === null ? (next.state === 'closed' ? next : null) : next === row ? row : null
  }

  const store: DeferringBreakerStore = {
    get(target) {
      const row = select.get(target)
      return row ? fromRow(row) : null
    },
    record(target, event, transition) {
      const pending = { target, event, transition }
      const waiting = canWait(pending)
      if (waiting) {
        deferred.push(pending)
        // A flood of answers still writes in batches, just sooner.
        if (deferred.length >= MAX_DEFERRED) write(null)
        else handle ??= timer.setTimeout(flushLater, deferMs)
        return waiting
      }
      return write(pending)!
    },
    flush,
    claimProbe: (target, now, leaseUntil) => claim.run({ target, now, lease: leaseUntil }).changes === 1,
    releaseProbe(target, leaseUntil) {
      release.run(target, leaseUntil)
    },
    list() {
      flush()
      return selectAll.all().map(fromRow)
    },
    recent(target, limit) {
      flush()
      const events: BreakerEvent[] = []
      for (const r of selectRecent.all(target, limit)) {
        // Skip outcomes a newer version wrote that this one does not know.
        const outcome = AttemptOutcome.safeParse(r.outcome)
        if (outcome.success) events.push({ at: r.at, outcome: outcome.data, message: r.message })
      }
      return events
    },
    window(target, since) {
      flush()
      return window(target, since)
    }
  }
  return guardMethods(store, db.name)
}

function fromRow(r: Row): BreakerRow {
  return {
    target: r.target,
    state: r.state,
    consecutiveFailures: r.consecutive_failures,
    openedAt: r.opened_at,
    openUntil: r.open_until,
    cooldownMs: r.cooldown_ms,
    probeUntil: r.probe_until,
    closedAt: r.closed_at,
    updatedAt: r.updated_at
  }
}

function toRow(b: BreakerRow): Row {
  return {
    target: b.target,
    state: b.state,
    consecutive_failures: b.consecutiveFailures,
    opened_at: b.openedAt,
    open_until: b.openUntil,
    cooldown_ms: b.cooldownMs,
    probe_until: b.probeUntil,
    closed_at: b.closedAt,
    updated_at: b.updatedAt
  }
}
