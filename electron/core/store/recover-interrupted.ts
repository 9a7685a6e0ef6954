import type { Database } from 'better-sqlite3'
import type { MessageRepo } from './types'

/** What recovery writes on an answer whose process died mid-stream. */
export const INTERRUPTED_ERROR = {
  code: 'interrupted',
  message: 'The app closed while this answer was streaming; the text so far was kept.',
  retryable: true
} as const

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
  const interruptWhere = (owned: string) =>
    db.prepare<[string, string, number, ...number[]]>(`
      UPDATE messages SET status = 'partial', error_code = ?, error_message = ?, error_retryable = 1, completed_at = ?,
        owner_pid = NULL, owner_started_at = NULL
      WHERE status = 'streaming' AND ${owned}`)
  // Rows from before migration 0003 name no owner. They are orphans: a workbench that does not record
  // owners refuses to open a database at schema 3 (only one already running during the upgrade could
  // still stream into it, and its finish() would then overwrite the 'partial').
  const interruptUnowned = interruptWhere('owner_pid IS NULL')
  const interruptOwnedBy = interruptWhere('owner_pid = ? AND owner_started_at = ?')

  // Each update matches only rows still streaming for that owner, so an answer finished meanwhile is kept.
  const interrupt = db.transaction((now: number, dead: readonly OwnerRow[]) => {
    const error = [INTERRUPTED_ERROR.code, INTERRUPTED_ERROR.message, now] as const
    let changes = interruptUnowned.run(...error).changes
    for (const owner of dead) changes += interruptOwnedBy.run(...error, owner.owner_pid, owner.owner_started_at).changes
    return changes
  })

  return (now, isOwnerAlive) => {
    // Liveness is judged before taking the write lock, which other processes may be waiting on.
    const dead = streamingOwners.all().filter((row) => !isOwnerAlive({ pid: row.owner_pid, startedAt: row.owner_started_at }))
    return interrupt.immediate(now, dead)
  }
}
