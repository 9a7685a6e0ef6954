import { chmodSync, closeSync, openSync, statSync, type Stats } from 'node:fs'
import { homedir } from 'node:os'
import { parse, resolve } from 'node:path'

/** Conversations are private to the user: every file in the data directory is rw------- (the directory itself rwx------). */
const PRIVATE_FILE_MODE = 0o600

/** The files SQLite keeps beside a database (WAL mode, or a rollback journal left by an older run). */
export const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'] as const

/**
 * Tightens an existing data directory that others can read to 0700, e.g. one made by an older
 * version or by Electron for userData (new ones are created 0700: ensureDataDir). A directory that
 * is plainly shared (the home folder, the root, a sticky one like /tmp, another user's) is left
 * alone: WORKBENCH_HOME may point anywhere, and the files in it are private anyway.
 */
export function privateDir(dir: string, warn: (line: string) => void): void {
  if (process.platform === 'win32') return // no POSIX modes; the profile folder is already per-user
  const path = resolve(dir)
  const stat = statSync(path)
  if ((stat.mode & 0o1000) !== 0 || path === resolve(homedir()) || path === parse(path).root) return
  tighten(path, stat, warn)
}

/**
 * Creates an empty file 0600 unless it exists, so SQLite opens a file that was never readable by
 * others (it would create one 0644 under the usual umask). Another process may win the race: fine.
 */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
}

/** Tightens the database and its side files to 0600 where they are looser; SQLite gives new side files the database's mode. */
export function privateDatabaseFiles(file: string, warn: (line: string) => void): void {
  if (process.platform === 'win32') return
  for (const path of [file, ...SQLITE_SIDE_FILES.map((suffix) => `${file}${suffix}`)]) {
    const stat = statSync(path, { throwIfNoEntry: false })
    if (stat) tighten(path, stat, warn)
  }
}

/** Removes group and other access, keeping every other bit; says what it changed. */
function tighten(path: string, stat: Stats, warn: (line: string) => void): void {
  const loose = stat.mode & 0o077
  if (loose === 0) return
  const uid = process.getuid?.()
  if (uid !== undefined && stat.uid !== uid) {
    warn(`[store] ${path} belongs to another user and is readable by others (mode ${octal(stat.mode)}); left as it is.`)
    return
  }
  try {
    chmodSync(path, stat.mode & 0o7777 & ~0o077)
    warn(`[store] made ${path} private: mode ${octal(stat.mode)} -> ${octal(stat.mode & ~0o077)}.`)
  } catch (err) {
    // Gone meanwhile, or a file system without modes: work on, but say so.
    warn(`[store] could not make ${path} private (mode ${octal(stat.mode)}): ${err instanceof Error ? err.message : String(err)}`)
  }
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0')
