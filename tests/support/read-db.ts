import Database from 'better-sqlite3'

/** Opens a workbench database read-only for one look, closing it whatever `look` does. */
export function readDb<T>(file: string, look: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return look(db)
  } finally {
    db.close()
  }
}
