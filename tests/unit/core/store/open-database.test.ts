import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/core/store/open-database'
import { caught } from './caught'
import { useTempDir } from './temp-dir'

const path = useTempDir()

describe('openDatabase', () => {
  it('creates missing parent folders', () => {
    const file = path('a/b/c/workbench.sqlite')
    const db = openDatabase(file)
    db.close()
    expect(existsSync(file)).toBe(true)
  })

  it('turns on WAL, NORMAL sync, foreign keys and a 5 s busy timeout', () => {
    const db = openDatabase(path('pragmas.sqlite'))
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('synchronous', { simple: true })).toBe(1) // 1 = NORMAL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    } finally {
      db.close()
    }
  })

  it('reports a file that is not a database as database_corrupt', () => {
    const file = path('garbage.sqlite')
    writeFileSync(file, Buffer.alloc(8192, 'not a database '))
    const err = caught(() => openDatabase(file))
    expect(err.code).toBe('database_corrupt')
    expect(err.retryable).toBe(false)
    expect(err.message).toContain(file)
    expect(err.message).toMatch(/move the file aside/)
  })

  it('reports a parent path that is a file as an unusable data folder, naming the file', () => {
    const blocker = path('blocker')
    writeFileSync(blocker, 'a file, not a folder')
    const err = caught(() => openDatabase(`${blocker}/inside/workbench.sqlite`))
    expect(err.code).toBe('data_dir_unusable')
    expect(err.message).toContain(blocker)
  })

  describe('file modes (POSIX)', () => {
    // The usual umask, under which the old code made the folder 0755 and the database 0644.
    let umask = 0
    beforeEach(() => void (umask = process.umask(0o022)))
    afterEach(() => void process.umask(umask))
    const mode = (p: string) => statSync(p).mode & 0o7777
    /** Opens, writes (so SQLite makes its -wal and -shm) and closes; returns the warnings. */
    const openAndWrite = (file: string): string[] => {
      const warnings: string[] = []
      const db = openDatabase(file, { warn: (line) => warnings.push(line) })
      db.exec('CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (1)')
      // Side files exist while the connection is open.
      for (const side of ['-wal', '-shm']) expect(existsSync(file + side), side).toBe(true)
      expect([file, `${file}-wal`, `${file}-shm`].map(mode)).toEqual([0o600, 0o600, 0o600])
      db.close()
      return warnings
    }

    it.skipIf(process.platform === 'win32')('creates the data folder 0700 and the database, -wal and -shm 0600, quietly', () => {
      const file = path('home/data/workbench.sqlite')
      expect(openAndWrite(file)).toEqual([])
      expect(mode(dirname(file))).toBe(0o700)
      expect(mode(file)).toBe(0o600)
    })

    it.skipIf(process.platform === 'win32')('makes an existing folder and database files that others can read private, and says so', () => {
      const file = path('old/workbench.sqlite')
      mkdirSync(dirname(file), { mode: 0o755 })
      chmodSync(dirname(file), 0o755)
      const db = openDatabase(file, { warn: () => {} })
      db.pragma('wal_autocheckpoint = 0') // keep a -wal with content behind
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)')
      for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644)
      chmodSync(dirname(file), 0o755)
      const warnings: string[] = []
      openDatabase(file, { warn: (line) => warnings.push(line) }).close()
      expect(mode(dirname(file))).toBe(0o700)
      // The first connection still holds the -wal and -shm open, so they are all there to look at.
      expect([file, `${file}-wal`, `${file}-shm`].map(mode)).toEqual([0o600, 0o600, 0o600])
      db.close()
      expect(warnings).toEqual([
        `[store] made ${dirname(file)} private: mode 755 -> 700.`,
        `[store] made ${file} private: mode 644 -> 600.`,
        `[store] made ${file}-wal private: mode 644 -> 600.`,
        `[store] made ${file}-shm private: mode 644 -> 600.`
      ])
    })

    it.skipIf(process.platform === 'win32')('leaves a shared sticky folder such as /tmp as it is, and keeps the database private in it', () => {
      const shared = path('shared')
      mkdirSync(shared)
      chmodSync(shared, 0o1777)
      expect(openAndWrite(`${shared}/workbench.sqlite`)).toEqual([])
      expect(mode(shared)).toBe(0o1777)
    })
  })

  it('warns that a 0-byte database file was started afresh, and only then', () => {
    const file = path('empty.sqlite')
    writeFileSync(file, '', { mode: 0o600 })
    const warnings: string[] = []
    const warn = (line: string) => warnings.push(line)
    const db = openDatabase(file, { warn })
    db.exec('CREATE TABLE t (x)')
    db.close()
    expect(warnings).toEqual([`[store] ${file} was empty (0 bytes), so a new, empty database was started in it. If it should hold your conversations, restore it from a backup.`])

    // Neither a database with content nor a new file is worth a warning.
    openDatabase(file, { warn }).close()
    openDatabase(path('new.sqlite'), { warn }).close()
    expect(warnings).toHaveLength(1)
  })
})
