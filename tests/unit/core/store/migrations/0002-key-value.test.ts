import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../../electron/core/store/migrations'
import { migrate, schemaVersion } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { useTempDir } from '../temp-dir'
import { columns } from './schema'

const path = useTempDir()
let db: Database.Database

beforeEach(() => {
  db = openDatabase(path('v2.sqlite'))
  migrate(db, MIGRATIONS.slice(0, 1))
  // Data written at version 1 must be there after version 2.
  db.prepare("INSERT INTO conversations VALUES ('c1', 'before kv', 1, 1)").run()
  migrate(db, MIGRATIONS.slice(0, 2))
})
afterEach(() => db.close())

describe('migration 0002 key-value', () => {
  it('is version 2', () => {
    expect(MIGRATIONS[1]?.version).toBe(2)
    expect(schemaVersion(db)).toBe(2)
  })

  it('creates the kv table', () => {
    expect(columns(db, 'kv')).toEqual([
      ['key', 'TEXT'],
      ['value', 'TEXT'],
      ['updated_at', 'INTEGER']
    ])
  })

  it('accepts JSON values and rejects anything else', () => {
    db.prepare("INSERT INTO kv VALUES ('a', '{\"x\":1}', 1)").run()
    expect(() => db.prepare("INSERT INTO kv VALUES ('b', 'not json', 1)").run()).toThrow(/CHECK/)
  })

  it('keeps the data of earlier migrations', () => {
    expect(db.prepare('SELECT title FROM conversations').pluck().all()).toEqual(['before kv'])
  })

  it('keeps its data through the later migrations', () => {
    db.prepare("INSERT INTO kv VALUES ('theme', '\"dark\"', 1)").run()
    migrate(db)
    expect(db.prepare('SELECT key, value FROM kv').all()).toEqual([{ key: 'theme', value: '"dark"' }])
  })
})
