import type { Migration } from './migration'

/**
 * Token buckets for client-side rate limits ("openai:rpm", "openai:tpm"), in the database so
 * every process on the same data directory (app, headless host, CLI) draws from one bucket.
 */
export const rateBuckets: Migration = {
  version: 6,
  name: 'rate-buckets',
  up(db) {
    // tokens may go negative: a correction after the real usage leaves a debt the next requests wait out.
    // refill_per_ms is stored with the bucket so a correction can refill up to now without the limits at hand.
    db.exec(`
      CREATE TABLE rate_buckets (
        key TEXT PRIMARY KEY NOT NULL,
        tokens REAL NOT NULL,
        capacity REAL NOT NULL CHECK (capacity > 0),
        refill_per_ms REAL NOT NULL CHECK (refill_per_ms > 0),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `)
  }
}
