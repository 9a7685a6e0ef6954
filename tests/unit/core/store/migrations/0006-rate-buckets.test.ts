import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../../electron/core/store/migrations'
import { migrate, schemaVersion } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { useTempDir } from '../temp-dir'
import { columns } from './schema'

const path = useTempDir()
let db: Database.Database

const insert = (key: string, tokens: unknown, capacity: unknown, refill: unknown, updatedAt: unknown) =>
  db.prepare('INSERT INTO rate_buckets (key, tokens, capacity, refill_per_ms, updated_at) VALUES (?, ?, ?, ?, ?)').run(key, tokens, capacity, refill, updatedAt)

beforeEach(() => {
  db = openDatabase(path('v6.sqlite'))
  migrate(db, MIGRATIONS.slice(0, 5))
  // Data written at version 5 must be there after version 6.
  db.prepare("INSERT INTO conversations VALUES ('c1', 'before buckets', 1, 1)").run()
  migrate(db, MIGRATIONS.slice(0, 6))
})
afterEach(() => db.close())

describe('migration 0006 rate buckets', () => {
  it('is version 6', () => {
    expect(MIGRATIONS[5]?.version).toBe(6)
    expect(MIGRATIONS[5]?.name).toBe('rate-buckets')
    expect(schemaVersion(db)).toBe(6)
  })

  it('creates the rate_buckets table', () => {
    expect(columns(db, 'rate_buckets')).toEqual([
      ['key', 'TEXT'],
      ['tokens', 'REAL'],
      ['capacity', 'REAL'],
      ['refill_per_ms', 'REAL'],
      ['updated_at', 'INTEGER']
    ])
  })

  it('keeps one row per key', () => {
    insert('openai:rpm', 59, 60, 0.001, 1)
    expect(() => insert('openai:rpm', 1, 60, 0.001, 2)).toThrow(/UNIQUE/)
  })

  it('accepts a negative balance (a debt) but no empty or non-refilling bucket', () => {
    insert('openai:tpm', -500, 1000, 1000 / 60_000, 1)
    expect(db.prepare("SELECT tokens FROM rate_buckets WHERE key = 'openai:tpm'").pluck().get()).toBe(-500)
    expect(() => insert('a:rpm', 0, 0, 1, 1)).toThrow(/CHECK/)
    expect(() => insert('b:rpm', 0, 10, 0, 1)).toThrow(/CHECK/)
  })

  it('keeps the column types strict', () => {
    expect(() => insert('c:rpm', 'many', 10, 1, 1)).toThrow(/cannot store TEXT/)
    expect(() => insert('d:rpm', 1, 10, 1, 1.5)).toThrow(/cannot store REAL/)
  })

  it('keeps the data of earlier migrations', () => {
    expect(db.prepare('SELECT title FROM conversations').pluck().all()).toEqual(['before buckets'])
  })

  it('keeps its data through the later migrations', () => {
    insert('anthropic:rpm', 3.5, 50, 50 / 60_000, 42)
    migrate(db)
    expect(db.prepare('SELECT key, tokens, capacity, updated_at FROM rate_buckets').all()).toEqual([
      { key: 'anthropic:rpm', tokens: 3.5, capacity: 50, updated_at: 42 }
    ])
  })
})
