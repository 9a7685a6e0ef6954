import type { Database } from 'better-sqlite3'
import { createConversationRepo } from './conversation-repo'
import { createKeyValueRepo } from './kv-repo'
import { createMessageRepo } from './message-repo'
import { migrate } from './migrations/migrate'
import { openDatabase, type OpenDatabaseOptions } from './open-database'
import { guardMethods, withStoreErrors } from './sqlite-errors'
import type { Store } from './types'
import { createBreakerStore } from './breaker-store'
import { createBucketStore } from './bucket-store'

export interface StoreOptions extends OpenDatabaseOptions {
  /** Clock for timestamps the interface does not pass in (kv updated_at). */
  now?: () => number
}

/** Opens the workbench database at file, brings its schema up to date, and wires the repos. */
export function createStore(file: string, options: StoreOptions = {}): Store {
  const db = openDatabase(file, options)
  try {
    return createStoreFromDatabase(db, options)
  } catch (err) {
    db.close()
    throw err
  }
}

/** The same on a connection the caller opened (tests use it to set limits such as max_page_count). */
export function createStoreFromDatabase(db: Database, options: Pick<StoreOptions, 'now'> = {}): Store {
  const file = db.name
  migrate(db)
  // Prepared after migrating: the statements need the tables to exist.
  const repos = withStoreErrors(file, () => ({
    conversations: createConversationRepo(db),
    messages: createMessageRepo(db),
    kv: createKeyValueRepo(db, options.now ?? Date.now)
  }))
  // These two guard themselves: they are on the hot path of every provider call.
  const breakers = createBreakerStore(db)
  return {
    path: file,
    conversations: guardMethods(repos.conversations, file),
    messages: guardMethods(repos.messages, file),
    kv: guardMethods(repos.kv, file),
    breakers,
    buckets: createBucketStore(db),
    close() {
      if (!db.open) return
      try {
        // Successes of healthy providers wait to be written in batches: they must not be lost.
        breakers.flush()
      } catch (err) {
        console.error('[store] could not write the last breaker events:', err instanceof Error ? err.message : err)
      }
      try {
        // Keeps the planner's statistics fresh; optional, so a failure (read-only, busy) must not keep the file open.
        db.pragma('optimize')
      } catch {
        // nothing to do: the data is already committed
      } finally {
        db.close()
      }
    }
  }
}
