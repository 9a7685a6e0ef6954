import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../../electron/core/store/migrations'
import { breakers } from '../../../../../electron/core/store/migrations/0005-breakers'
import { migrate, schemaVersion } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { useTempDir } from '../temp-dir'
import { columns, indices } from './schema'

const path = useTempDir()
let db: Database.Database

const insertBreaker = (fields: Record<string, unknown>) =>
  db
    .prepare(
      `INSERT INTO breakers (target, state, consecutive_failures, opened_at, open_until, cooldown_ms, probe_until, closed_at, updated_at)
       VALUES (@target, @state, @consecutive_failures, NULL, @open_until, @cooldown_ms, NULL, NULL, 1)`
    )
    .run({ target: 'openai:gpt-4o', state: 'closed', consecutive_failures: 0, open_until: null, cooldown_ms: 30_000, ...fields })

const insertEvent = (fields: Record<string, unknown>) =>
  db
    .prepare('INSERT INTO target_events (target, at, ok, outcome, message) VALUES (@target, @at, @ok, @outcome, @message)')
    .run({ target: 'openai:gpt-4o', at: 1, ok: 0, outcome: 'http-5xx', message: null, ...fields })

beforeEach(() => {
  db = openDatabase(path('v5.sqlite'))
  migrate(db, MIGRATIONS.slice(0, 4))
  // Data written at version 4 must be there after version 5.
  db.prepare("INSERT INTO conversations VALUES ('c1', 'before breakers', 1, 1)").run()
  migrate(db, MIGRATIONS.slice(0, 5))
})
afterEach(() => db.close())

describe('migration 0005 breakers', () => {
  it('is version 5', () => {
    expect(MIGRATIONS[4]).toBe(breakers)
    expect(schemaVersion(db)).toBe(5)
  })

  it('creates the breakers table', () => {
    expect(columns(db, 'breakers')).toEqual([
      ['target', 'TEXT'],
      ['state', 'TEXT'],
      ['consecutive_failures', 'INTEGER'],
      ['opened_at', 'INTEGER'],
      ['open_until', 'INTEGER'],
      ['cooldown_ms', 'INTEGER'],
      ['probe_until', 'INTEGER'],
      ['closed_at', 'INTEGER'],
      ['updated_at', 'INTEGER']
    ])
  })

  it('creates the target_events table with an index by target and time', () => {
    expect(columns(db, 'target_events')).toEqual([
      ['id', 'INTEGER'],
      ['target', 'TEXT'],
      ['at', 'INTEGER'],
      ['ok', 'INTEGER'],
      ['outcome', 'TEXT'],
      ['message', 'TEXT']
    ])
    expect(indices(db, 'target_events')).toEqual({ target_events_by_target_at: { unique: false, partial: false, columns: ['target', 'at'] } })
  })

  it('keeps one breaker per target', () => {
    insertBreaker({})
    expect(() => insertBreaker({})).toThrow(/UNIQUE/)
  })

  it('accepts only the three states, and an open breaker only with its end', () => {
    insertBreaker({ target: 'a:1', state: 'half-open' })
    insertBreaker({ target: 'a:2', state: 'open', open_until: 5 })
    expect(() => insertBreaker({ target: 'a:3', state: 'opened' })).toThrow(/CHECK/)
    expect(() => insertBreaker({ target: 'a:4', state: 'open', open_until: null })).toThrow(/CHECK/)
  })

  it('rejects negative failure counts and empty cool-downs', () => {
    expect(() => insertBreaker({ consecutive_failures: -1 })).toThrow(/CHECK/)
    expect(() => insertBreaker({ cooldown_ms: 0 })).toThrow(/CHECK/)
  })

  it('stores events with a boolean ok and keeps the column types strict', () => {
    insertEvent({ ok: 1, outcome: 'ok' })
    expect(() => insertEvent({ ok: 2 })).toThrow(/CHECK/)
    expect(() => insertEvent({ at: 'yesterday' })).toThrow(/cannot store TEXT/)
    expect(db.prepare('SELECT target, at, ok, outcome, message FROM target_events').all()).toEqual([
      { target: 'openai:gpt-4o', at: 1, ok: 1, outcome: 'ok', message: null }
    ])
  })

  it('keeps the data of earlier migrations', () => {
    expect(db.prepare('SELECT title FROM conversations').pluck().all()).toEqual(['before breakers'])
  })

  it('keeps its data through the later migrations', () => {
    insertBreaker({ state: 'open', open_until: 99, consecutive_failures: 5 })
    insertEvent({ at: 7 })
    migrate(db)
    expect(db.prepare('SELECT state, open_until, consecutive_failures FROM breakers').get()).toEqual({ state: 'open', open_until: 99, consecutive_failures: 5 })
    expect(db.prepare('SELECT at, outcome FROM target_events').all()).toEqual([{ at: 7, outcome: 'http-5xx' }])
  })
})
