import type { Database } from 'better-sqlite3'

/**
 * Rebuilds a table with a new definition, keeping its rows, indices and triggers: the only way
 * SQLite can change a CHECK constraint or a column type. Steps 3 to 8 of SQLite's 12-step
 * procedure (https://www.sqlite.org/lang_altertable.html#otheralter); the runner does the rest
 * for a migration flagged `foreignKeysOff` (foreign keys off outside the transaction, one
 * transaction, PRAGMA foreign_key_check, foreign keys back on).
 *
 * `definition` is everything after the table's name: "(id TEXT PRIMARY KEY, ...) STRICT".
 * `columns` are copied by name; by default every column of the old table, so a rebuild that
 * only widens constraints needs none. Rows the new constraints refuse make the migration fail.
 * Rowids are copied too: external-content FTS indices (0007's messages_search) are keyed by them.
 */
export function rebuildTable(db: Database, table: string, definition: string, columns?: readonly string[]): void {
  // With foreign keys on, DROP TABLE deletes every row first and ON DELETE CASCADE empties the
  // tables that reference this one. Refuse rather than lose them.
  if (db.pragma('foreign_keys', { simple: true }) === 1) {
    throw new Error(`rebuildTable(${table}) needs a migration with foreignKeysOff: true, or dropping ${table} would cascade-delete the rows that reference it`)
  }
  const copied = (columns ?? (db.pragma(`table_info(${quote(table)})`) as Array<{ name: string }>).map((c) => c.name)).map(quote).join(', ')
  const scratch = `${table}__rebuild`
  // Indices and triggers go with the dropped table; their SQL is kept to recreate them (autoindices have none).
  const dependents = db
    .prepare("SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL")
    .pluck()
    .all(table) as string[]
  db.exec(`CREATE TABLE ${quote(scratch)} ${definition}`)
  // Rowids too, when both tables have them: the search indices (0007) find their rows by rowid,
  // and a plain copy would renumber every row after a gap left by a deleted one.
  const rowid = hasRowid(db, table) && hasRowid(db, scratch) ? 'rowid, ' : ''
  db.exec(`INSERT INTO ${quote(scratch)} (${rowid}${copied}) SELECT ${rowid}${copied} FROM ${quote(table)}`)
  db.exec(`DROP TABLE ${quote(table)}`)
  db.exec(`ALTER TABLE ${quote(scratch)} RENAME TO ${quote(table)}`)
  for (const sql of dependents) db.exec(sql)
}

/** False for a WITHOUT ROWID table, which has no rowid to keep. */
function hasRowid(db: Database, table: string): boolean {
  const [info] = db.pragma(`table_list(${quote(table)})`) as Array<{ wr: number }>
  return info?.wr === 0
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
