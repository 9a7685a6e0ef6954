import type { Migration } from './migration'

/**
 * Every try the resilient client makes for an answer, and which tier of its route served it:
 * the badge "served by ollama · openai timed out" and its details are read from here.
 */
export const attempts: Migration = {
  version: 4,
  name: 'attempts',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN tier INTEGER CHECK (tier IS NULL OR tier >= 0);
      CREATE TABLE attempts (
        message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        tier INTEGER NOT NULL CHECK (tier >= 0),
        try INTEGER NOT NULL CHECK (try >= 1),
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        outcome TEXT NOT NULL,
        http_status INTEGER,
        error_code TEXT,
        message TEXT,
        started_at INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL,
        first_token_ms INTEGER,
        retry_wait_ms INTEGER NOT NULL DEFAULT 0,
        partial_text TEXT,
        PRIMARY KEY (message_id, seq)
      ) STRICT, WITHOUT ROWID;
    `)
  }
}
