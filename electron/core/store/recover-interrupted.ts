import type { Database } from 'better-sqlite3'
import type { MessageRepo } from './types'

/** What recovery writes on an answer whose process died mid-stream; the message comes from interruptedMessage(). */
export const INTERRUPTED_ERROR = { code: 'interrupted', retryable: true } as const

/**
 * Says what was actually kept, counted in characters (code points, as SQLite's length() counts
 * them): text shown in the last moments before the crash may not have been saved yet.
 */
export function interruptedMessage(keptChars: number): string {
  if (keptChars === 0) return 'The app closed while this answer was streaming, before any of its text was saved.'
  return `The app closed while this answer was streaming; its first ${keptChars} ${keptChars === 1 ? 'character was' : 'characters were'} kept.`
}

interface OwnerRow {
  owner_pid: number
  owner_started_at: number
}

/**
 * Recovery of answers left 'streaming' by dead processes. The app, `workbench serve` and the CLI
 * share one database and each recovers at start, so an answer another live process is
 * streaming must be spared: only rows whose owner is dead, or unknown, become 'partial'.
 */
export function createInterruptedRecovery(db: Database): MessageRepo['recoverInterrupted'] {
  const streamingOwners = db.prepare<[], OwnerRow>(
    "SELECT DISTINCT owner_pid, owner_started_at FROM messages WHERE status = 'streaming' AND owner_pid IS NOT NULL"
  )
  const streamingWhere = (owned: string) =>
    db.prepare<number[], { id: string; kept: number }>(`SELECT id, length(content) AS kept FROM messages WHERE status = 'streaming' AND ${owned}`)
  // Rows from before migration 0003 name no owner. They are orphans: a workbench that does not record
  // owners refuses to open a database at schema 3 (only one already running during the upgrade could
  // still stream into it, and its finish() would then overwrite the 'partial').
  const streamingUnowned = streamingWhere('owner_pid IS NULL')
  const streamingOwnedBy = streamingWhere('owner_pid = ? AND owner_started_at = ?')
  const interruptOne = db.prepare<[string, string, number, string]>(`
    UPDATE messages SET status = 'partial', error_code = ?, error_message = ?, error_retryable = 1, completed_at = ?,
      owner_pid = NULL, owner_started_at = NULL
    WHERE id = ? AND status = 'streaming'`)

  // Rows are read inside the write transaction, so an answer finished meanwhile is not among them.
  const interrupt = db.transaction((now: number, dead: readonly OwnerRow[]) => {
    const rows = [...streamingUnowned.all(), ...dead.flatMap((owner) => streamingOwnedBy.all(owner.owner_pid, owner.owner_started_at))]
    let changes = 0
    for (const row of rows) changes += interruptOne.run(INTERRUPTED_ERROR.code, interruptedMessage(row.kept), now, row.id).changes
    return changes
  })

  return (now, isOwnerAlive) => {
    // Liveness is judged before taking the write lock, which other processes may be waiting on.
    const dead = streamingOwners.all().filter((row) => !isOwnerAlive({ pid: row.owner_pid, startedAt: row.owner_started_at }))
    return interrupt.immediate(now, dead)
  }
}
