import { readdirSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../../electron/core/store/migrations'
import { migrate, schemaVersion } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { caught } from '../caught'
import { useTempDir } from '../temp-dir'

const path = useTempDir()
const opened: Database.Database[] = []
const open = (file: string) => {
  const db = openDatabase(file)
  opened.push(db)
  return db
}
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close()
})

describe('migrate', () => {
  it('brings a fresh database to the latest version', () => {
    const db = open(path('fresh.sqlite'))
    expect(schemaVersion(db)).toBe(0)
    expect(migrate(db)).toBe(MIGRATIONS.length)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
  })

  it('lists migrations numbered 1, 2, 3 with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length)
  })

  it('has a test file for every migration, named for it, as the migrations index asks', () => {
    const tests = new Set(readdirSync(import.meta.dirname))
    const missing = MIGRATIONS.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}.test.ts`).filter((file) => !tests.has(file))
    expect(missing).toEqual([])
  })

  it('is idempotent: running again changes nothing and keeps the data', () => {
    const file = path('again.sqlite')
    const db = open(file)
    migrate(db)
    db.prepare("INSERT INTO conversations VALUES ('c1', 'kept', 1, 1)").run()
    expect(migrate(db)).toBe(MIGRATIONS.length)
    db.close()
    const reopened = open(file)
    expect(migrate(reopened)).toBe(MIGRATIONS.length)
    expect(reopened.prepare('SELECT title FROM conversations').pluck().all()).toEqual(['kept'])
  })

  it('applies only the pending migrations to an older database', () => {
    const db = open(path('older.sqlite'))
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1)
    expect(migrate(db)).toBe(MIGRATIONS.length)
  })

  it('lets a second connection to the same file skip what the first already did', () => {
    const file = path('shared.sqlite')
    const first = open(file)
    const second = open(file)
    migrate(first)
    expect(migrate(second)).toBe(MIGRATIONS.length)
  })

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const db = open(path('newer.sqlite'))
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`)
    const err = caught(() => migrate(db))
    expect(err.code).toBe('database_too_new')
    expect(err.message).toMatch(/newer version/)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length + 5)
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0)
  })

  it('rolls a failing migration back completely, version included', () => {
    const db = open(path('failing.sqlite'))
    const broken = {
      version: 1,
      name: 'broken',
      up(d: Database.Database) {
        d.exec('CREATE TABLE half (x INTEGER)')
        d.exec('THIS IS NOT SQL')
      }
    }
    expect(() => migrate(db, [broken])).toThrow()
    expect(schemaVersion(db)).toBe(0)
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0)
  })

  it('rejects a migration list with a gap', () => {
    const db = open(path('gap.sqlite'))
    const [first] = MIGRATIONS
    expect(() => migrate(db, [{ ...first!, version: 2 }])).toThrow(/expected 1/)
  })
})
