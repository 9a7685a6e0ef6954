import type { Migration } from './migration'

/**
 * The process streaming each answer (pid plus its start time, since pids get reused), so a
 * process starting up recovers only the answers of processes that died, not live ones.
 */
export const messageOwner: Migration = {
  version: 3,
  name: 'message-owner',
  up(db) {
    // Nullable: rows written before this migration have no owner, and finished rows drop theirs.
    // The CHECK keeps the pair whole; existing rows (both NULL) pass it.
    db.exec(`
      ALTER TABLE messages ADD COLUMN owner_pid INTEGER;
      ALTER TABLE messages ADD COLUMN owner_started_at INTEGER
        CHECK ((owner_pid IS NULL) = (owner_started_at IS NULL));
    `)
  }
}
