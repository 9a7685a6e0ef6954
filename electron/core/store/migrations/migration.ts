import type { Database } from 'better-sqlite3'

/** One schema step. Append-only: a shipped migration is never edited, only followed by a new one. */
export interface Migration {
  /** 1, 2, 3, ... with no gaps; stored in PRAGMA user_version once applied. */
  readonly version: number
  readonly name: string
  /** Runs inside a transaction the runner opens; must not open its own. */
  up(db: Database): void
}
