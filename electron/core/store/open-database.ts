import { statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { ensureDataDir } from '../paths'
import { createPrivateFile, privateDatabaseFiles, privateDir } from './private-files'
import { withStoreErrors } from './sqlite-errors'

export type { Database } from 'better-sqlite3'

export interface OpenDatabaseOptions {
  /** A better_sqlite3.node built for the running ABI; the Electron app passes one built for Electron. */
  nativeBinding?: string
  /** Where warnings go (stderr by default): things the user should know that do not stop the store. */
  warn?: (line: string) => void
}

/** How long a writer waits for another process (app, headless host, CLI share one file) before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000

/** Opens (creating if needed) a SQLite file tuned for several processes sharing one data directory. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  const warn = options.warn ?? ((line: string) => console.warn(line))
  return withStoreErrors(file, () => {
    // Step by step, with a clear error: a recursive mkdir can spin forever on a path like /proc/nope/x.
    ensureDataDir(dirname(file))
    privateDir(dirname(file), warn)
    const existing = statSync(file, { throwIfNoEntry: false })
    // SQLite treats a 0-byte file as a new database (unless its writes are all still in the WAL).
    const wasEmpty = existing?.size === 0 && !hasContent(`${file}-wal`)
    if (!existing) createPrivateFile(file)
    const db = new Database(file, {
      timeout: BUSY_TIMEOUT_MS,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    })
    try {
      // Files left looser by older versions; SQLite gives the -wal and -shm it creates the database file's mode.
      privateDatabaseFiles(file, warn)
      // A user who lost a database must hear that an empty one took its place.
      if (wasEmpty) warn(`[store] ${file} was empty (0 bytes), so a new, empty database was started in it. If it should hold your conversations, restore it from a backup.`)
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

/** A database whose writes are all still in its WAL may have a 0-byte main file and is not empty. */
function hasContent(path: string): boolean {
  return (statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 0
}
