import { WorkbenchError } from '../../../shared/errors'

/**
 * What the user can do about each storage failure. SQLite reports extended codes
 * (SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT, ...), so matching is by family.
 */
const FAMILIES: ReadonlyArray<{ codes: readonly string[]; code: string; retryable: boolean; message: (file: string) => string }> = [
  {
    codes: ['SQLITE_FULL', 'ENOSPC'],
    code: 'disk_full',
    retryable: false,
    message: (file) => `The disk holding ${file} is full, so nothing was saved. Free some space and try again.`
  },
  {
    codes: ['SQLITE_READONLY', 'EROFS', 'EACCES', 'EPERM'],
    code: 'read_only',
    retryable: false,
    message: (file) =>
      `${file} cannot be written (read-only file, folder or disk). Check its permissions, or set WORKBENCH_HOME to a writable folder.`
  },
  {
    codes: ['SQLITE_CORRUPT', 'SQLITE_NOTADB'],
    code: 'database_corrupt',
    retryable: false,
    message: (file) =>
      `${file} is damaged or is not a workbench database. Quit the workbench, move the file aside as a backup, and start again to get a fresh one.`
  },
  {
    // LOCKED is the in-process cousin of BUSY; both clear up once the other writer finishes.
    codes: ['SQLITE_BUSY', 'SQLITE_LOCKED'],
    code: 'database_busy',
    retryable: true,
    message: (file) =>
      `Another workbench process (the app, the server or the CLI) kept ${file} locked for too long. Try again in a moment.`
  },
  {
    codes: ['SQLITE_CANTOPEN', 'ENOENT', 'ENOTDIR'],
    code: 'database_unavailable',
    retryable: false,
    message: (file) => `${file} cannot be opened. Check that its folder exists and is accessible, or set WORKBENCH_HOME elsewhere.`
  }
]

function errorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null
  return typeof err.code === 'string' ? err.code : null
}

/** Turns a SQLite or file-system error into a WorkbenchError the user can act on; anything else is returned as is. */
export function toStoreError(err: unknown, file: string): unknown {
  if (err instanceof WorkbenchError) return err
  const raw = errorCode(err)
  if (raw === null) return err
  const family = FAMILIES.find((f) => f.codes.some((c) => raw === c || raw.startsWith(`${c}_`)))
  if (!family) return err
  return new WorkbenchError(family.code, family.message(file), { retryable: family.retryable, cause: err })
}

/** Runs fn and rethrows storage failures as WorkbenchErrors. */
export function withStoreErrors<T>(file: string, fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    throw toStoreError(err, file)
  }
}

/** Wraps every method of a repo so no raw SQLite error escapes the store. */
export function guardMethods<T extends object>(repo: T, file: string): T {
  const guarded: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(repo)) {
    guarded[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => withStoreErrors(file, () => (value as (...a: unknown[]) => unknown).apply(repo, args))
        : value
  }
  return guarded as T
}
