import type { Database } from 'better-sqlite3'
import { WorkbenchError } from '../../../../shared/errors'
import { withStoreErrors } from '../sqlite-errors'
import { MIGRATIONS, type Migration } from './index'

/** The schema version a database is at (PRAGMA user_version; 0 for a new file). */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`)
  })
}

/**
 * Brings the schema up to date, one transaction per migration, and returns the final version.
 * Idempotent, and safe when two processes start at once: each step re-reads the version
 * under the write lock and skips what the other process already did. A migration flagged
 * foreignKeysOff runs as SQLite's 12-step table rebuild asks (see Migration.foreignKeysOff).
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  assertOrdered(migrations)
  return withStoreErrors(db.name, () => {
    const latest = migrations.length
    const found = schemaVersion(db)
    if (found > latest) {
      throw new WorkbenchError(
        'database_too_new',
        `${db.name} was written by a newer version of LLM Workbench (schema ${found}; this version knows up to ${latest}). ` +
          'Update the workbench, or set WORKBENCH_HOME to another folder.'
      )
    }
    for (const migration of migrations.slice(found)) {
      const step = db.transaction(() => {
        if (schemaVersion(db) >= migration.version) return
        migration.up(db)
        if (migration.foreignKeysOff) assertReferencesHold(db, migration)
        // user_version lives in the file header and commits or rolls back with the schema.
        db.pragma(`user_version = ${migration.version}`)
      })
      if (migration.foreignKeysOff) withForeignKeysOff(db, () => step.immediate())
      else step.immediate()
    }
    return schemaVersion(db)
  })
}

/** Runs fn with this connection's foreign keys off (set outside any transaction), then puts them back as they were. */
function withForeignKeysOff(db: Database, fn: () => void): void {
  const before = db.pragma('foreign_keys', { simple: true }) as number
  db.pragma('foreign_keys = OFF')
  try {
    fn()
  } finally {
    if (before === 1) db.pragma('foreign_keys = ON')
  }
}

/** Throws (rolling the migration back) when a row references one that is no longer there. */
function assertReferencesHold(db: Database, migration: Migration): void {
  const broken = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number | null; parent: string }>
  if (broken.length === 0) return
  const first = broken[0]!
  throw new Error(
    `migration ${migration.name} left ${broken.length} row(s) referencing missing parents (first: ${first.table} row ${first.rowid ?? '?'} -> ${first.parent}); rolled back`
  )
}
