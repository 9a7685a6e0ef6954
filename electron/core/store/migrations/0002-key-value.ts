import type { Migration } from './migration'

/** A small JSON key-value table for settings and other singletons. */
export const keyValue: Migration = {
  version: 2,
  name: 'key-value',
  up(db) {
    db.exec(`
      CREATE TABLE kv (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `)
  }
}
