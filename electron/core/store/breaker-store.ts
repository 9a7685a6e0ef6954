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

const COLUMNS = 'target, state, consecutive_failures, opened_at, open_until, cooldown_ms, probe_until, closed_at, updated_at'

/**
 * Breakers and their recent events in the shared database (migration 0005). Prepare after
 * migrating. Storage errors come out as WorkbenchErrors, like the other repos'.
 */
export function createBreakerStore(db: Database, options: BreakerStoreOptions = {}): BreakerStore {
  const retainMs = options.retainMs ?? 600_000
  const maxEvents = options.maxEventsPerTarget ?? 200
  const pruneEvery = options.pruneEvery ?? 100

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
  // IMMEDIATE: take the write lock before reading, so two processes cannot both act on the same old row.
  const recordTx = db.transaction(
    (target: string, event: BreakerEvent, transition: Parameters<BreakerStore['record']>[2]): BreakerRow => {
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
  )

  const store: BreakerStore = {
    get(target) {
      const row = select.get(target)
      return row ? fromRow(row) : null
    },
    record: (target, event, transition) => recordTx.immediate(target, event, transition),
    claimProbe: (target, now, leaseUntil) => claim.run({ target, now, lease: leaseUntil }).changes === 1,
    releaseProbe(target, leaseUntil) {
      release.run(target, leaseUntil)
    },
    list: () => selectAll.all().map(fromRow),
    recent(target, limit) {
      const events: BreakerEvent[] = []
      for (const r of selectRecent.all(target, limit)) {
        // Skip outcomes a newer version wrote that this one does not know.
        const outcome = AttemptOutcome.safeParse(r.outcome)
        if (outcome.success) events.push({ at: r.at, outcome: outcome.data, message: r.message })
      }
      return events
    },
    window
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
