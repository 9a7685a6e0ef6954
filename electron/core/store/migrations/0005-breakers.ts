import type { Migration } from './migration'

/**
 * Circuit breakers per provider:model, and the recent outcomes behind them. In the database, not
 * in memory, so the app, `workbench serve` and each CLI call skip the same failing target.
 */
export const breakers: Migration = {
  version: 5,
  name: 'breakers',
  up(db) {
    db.exec(`
      CREATE TABLE breakers (
        target TEXT PRIMARY KEY NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('closed', 'open', 'half-open')),
        consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
        opened_at INTEGER,
        -- Set while open: no call goes before it; then the first caller takes the probe.
        open_until INTEGER CHECK (state <> 'open' OR open_until IS NOT NULL),
        -- The current cool-down: doubles each time a probe fails, back to the base on closing.
        cooldown_ms INTEGER NOT NULL CHECK (cooldown_ms > 0),
        -- Lease of the one half-open probe; a probe that never reports lets another go after it.
        probe_until INTEGER,
        -- When it last closed after being open: the failure-rate window starts there, so the
        -- failures that opened it do not open it again right after a successful probe.
        closed_at INTEGER,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- Only outcomes that count (successes and failures), never neutral ones such as aborted.
      -- No CHECK on outcome: the list of outcomes may grow; readers skip what they do not know.
      CREATE TABLE target_events (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL,
        at INTEGER NOT NULL,
        ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
        outcome TEXT NOT NULL,
        message TEXT
      ) STRICT;

      -- The failure-rate window and the health panel read one target's latest events.
      CREATE INDEX target_events_by_target_at ON target_events (target, at);
    `)
  }
}
