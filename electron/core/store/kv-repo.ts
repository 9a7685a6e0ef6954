import type { Database } from 'better-sqlite3'
import type { KeyValueRepo } from './types'

/** JSON values by key; setting undefined deletes the key, a missing key reads as undefined. */
export function createKeyValueRepo(db: Database, now: () => number): KeyValueRepo {
  const select = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?')
  const upsert = db.prepare<[string, string, number]>(
    'INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'
  )
  const remove = db.prepare<[string]>('DELETE FROM kv WHERE key = ?')

  return {
    get(key) {
      const row = select.get(key)
      return row ? (JSON.parse(row.value) as unknown) : undefined
    },
    getRaw(key) {
      return select.get(key)?.value
    },
    set(key, value) {
      const json = JSON.stringify(value) as string | undefined
      if (json === undefined) remove.run(key)
      else upsert.run(key, json, now())
    }
  }
}
