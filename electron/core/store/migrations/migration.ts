import type { Database } from 'better-sqlite3'

/** One schema step. Append-only: a shipped migration is never edited, only followed by a new one. */
export interface Migration {
  /** 1, 2, 3, ... with no gaps; stored in PRAGMA user_version once applied. */
  readonly version: number
  readonly name: string
  /** Runs inside a transaction the runner opens; must not open its own. */
  up(db: Database): void
  /**
   * Set by a migration that rebuilds a table (rebuild-table.ts), to widen a CHECK or change a
   * column. Foreign keys are on everywhere else, and dropping a table that others reference would
   * then cascade-delete their rows (DROP TABLE is an implicit DELETE). With this flag the runner
   * turns them off around the migration's transaction (the pragma is a no-op inside one), checks
   * every reference with PRAGMA foreign_key_check before committing, and turns them back on.
   */
  readonly foreignKeysOff?: true
}
