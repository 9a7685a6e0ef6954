import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../../electron/core/store/migrations'
import { migrate, schemaVersion } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { useTempDir } from '../temp-dir'
import { columns, indices } from './schema'

const path = useTempDir()
let db: Database.Database

const insertMessage = (fields: Record<string, unknown>) =>
  db
    .prepare(
      `INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at, owner_pid, owner_started_at)
       VALUES (@id, 'c1', @seq, 'assistant', '', 'streaming', 1, @owner_pid, @owner_started_at)`
    )
    .run({ seq: 1, owner_pid: null, owner_started_at: null, ...fields })

beforeEach(() => {
  db = openDatabase(path('v3.sqlite'))
  migrate(db, MIGRATIONS.slice(0, 2))
  // A streaming answer written at version 2, before owners were recorded.
  db.prepare("INSERT INTO conversations VALUES ('c1', 'chat', 1, 1)").run()
  db.prepare(
    "INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at) VALUES ('old', 'c1', 1, 'assistant', 'so far', 'streaming', 1)"
  ).run()
  migrate(db, MIGRATIONS.slice(0, 3))
})
afterEach(() => db.close())

describe('migration 0003 message owner', () => {
  it('is version 3', () => {
    expect(MIGRATIONS[2]?.version).toBe(3)
    expect(schemaVersion(db)).toBe(3)
  })

  it('adds the owner pid and start time as the last columns of messages', () => {
    expect(columns(db, 'messages').slice(-3)).toEqual([
      ['idempotency_key', 'TEXT'],
      ['owner_pid', 'INTEGER'],
      ['owner_started_at', 'INTEGER']
    ])
  })

  it('leaves earlier rows without an owner and keeps their data', () => {
    expect(db.prepare("SELECT content, status, owner_pid, owner_started_at FROM messages WHERE id = 'old'").get()).toEqual({
      content: 'so far',
      status: 'streaming',
      owner_pid: null,
      owner_started_at: null
    })
  })

  it('stores an owner, and rejects half of one', () => {
    insertMessage({ id: 'm2', seq: 2, owner_pid: 4242, owner_started_at: 1_700_000_000_000 })
    expect(db.prepare("SELECT owner_pid, owner_started_at FROM messages WHERE id = 'm2'").get()).toEqual({ owner_pid: 4242, owner_started_at: 1_700_000_000_000 })
    expect(() => insertMessage({ id: 'm3', seq: 3, owner_pid: 4242 })).toThrow(/CHECK/)
    expect(() => insertMessage({ id: 'm4', seq: 4, owner_started_at: 1 })).toThrow(/CHECK/)
  })

  it('keeps the column types strict', () => {
    expect(() => insertMessage({ id: 'm5', seq: 5, owner_pid: 'me', owner_started_at: 1 })).toThrow(/cannot store TEXT/)
  })

  it('keeps the indices of messages', () => {
    expect(Object.keys(indices(db, 'messages')).sort()).toEqual(['messages_by_conversation_seq', 'messages_streaming'])
  })

  it('keeps its data through the later migrations', () => {
    insertMessage({ id: 'm6', seq: 6, owner_pid: 7, owner_started_at: 8 })
    migrate(db)
    expect(db.prepare("SELECT owner_pid, owner_started_at FROM messages WHERE id = 'm6'").get()).toEqual({ owner_pid: 7, owner_started_at: 8 })
  })
})
