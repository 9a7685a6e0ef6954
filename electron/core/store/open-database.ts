import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { withStoreErrors } from './sqlite-errors'

export type { Database } from 'better-sqlite3'

export interface OpenDatabaseOptions {
  /** A better_sqlite3.node built for the running ABI; the Electron app passes one built for Electron. */
  nativeBinding?: string
}

/** How long a writer waits for another process (app, headless host, CLI share one file) before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000

/** Opens (creating if needed) a SQLite file tuned for several processes sharing one data directory. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  return withStoreErrors(file, () => {
    mkdirSync(dirname(file), { recursive: true })
    const db = new Database(file, {
      timeout: BUSY_TIMEOUT_MS,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    })
    try {
      // busy_timeout first, so the pragmas below wait for a writer in another process too.
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
      // WAL lets readers in one process go on while another writes; NORMAL is durable across app
      // crashes in WAL mode and loses at most the last commits on power loss, which we accept.
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      return db
    } catch (err) {
      db.close()
      throw err
    }
  })
}
