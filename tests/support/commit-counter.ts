import Database from 'better-sqlite3'

/** One commit to a database file: the statements it wrote, in order. */
export interface Commit {
  file: string
  statements: string[]
}

interface StatementLike {
  readonly source: string
  readonly reader: boolean
  readonly database: Database.Database
  run(...args: unknown[]): Database.RunResult
}

/**
 * Counts every commit any better-sqlite3 connection in this process makes, by wrapping
 * Statement#run, through which every write goes: an autocommit write is one commit; better-sqlite3's
 * db.transaction() runs its BEGIN and COMMIT as statements too, so a transaction is one commit
 * (nested ones are savepoints inside it). Only db.exec() is not seen, and the chat path does not use it.
 * Independent of the store's code: it knows SQLite, not our repos.
 */
export function countCommits(): { commits: Commit[]; restore(): void } {
  const probe = new Database(':memory:')
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as StatementLike
  probe.close()
  const original = proto.run
  const commits: Commit[] = []
  const open = new WeakMap<Database.Database, string[]>()

  proto.run = function (this: StatementLike, ...args: unknown[]) {
    const db = this.database
    const wasInTransaction = db.inTransaction
    const result = original.apply(this, args)
    const sql = this.source.trim().replace(/\s+/g, ' ')
    if (/^BEGIN\b/i.test(sql)) open.set(db, [])
    else if (/^COMMIT\b/i.test(sql)) commits.push({ file: db.name, statements: open.get(db) ?? [] })
    else if (/^ROLLBACK$/i.test(sql)) open.delete(db)
    else if (/^(SAVEPOINT|RELEASE|ROLLBACK TO)\b/i.test(sql)) {
      // inside a transaction already counted
    } else if (wasInTransaction) open.get(db)?.push(sql)
    else if (!this.reader) commits.push({ file: db.name, statements: [sql] })
    return result
  }
  return {
    commits,
    restore: () => void (proto.run = original)
  }
}
