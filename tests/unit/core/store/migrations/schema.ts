import type Database from 'better-sqlite3'

/** Column names and declared types of a table, in order. */
export function columns(db: Database.Database, table: string): Array<[string, string]> {
  const rows = db.pragma(`table_info(${table})`) as Array<{ name: string; type: string }>
  return rows.map((r) => [r.name, r.type])
}

/** Index name to its columns, for a table's explicitly created indices. */
export function indices(db: Database.Database, table: string): Record<string, { unique: boolean; columns: string[]; partial: boolean }> {
  const list = db.pragma(`index_list(${table})`) as Array<{ name: string; unique: number; origin: string; partial: number }>
  return Object.fromEntries(
    list
      .filter((i) => i.origin === 'c')
      .map((i) => [
        i.name,
        {
          unique: i.unique === 1,
          partial: i.partial === 1,
          columns: (db.pragma(`index_info(${i.name})`) as Array<{ name: string }>).map((c) => c.name)
        }
      ])
  )
}
