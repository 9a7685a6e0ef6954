import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../../electron/core/store/migrations'
import { attempts } from '../../../../../electron/core/store/migrations/0004-attempts'
import { migrate, schemaVersion } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { useTempDir } from '../temp-dir'
import { columns, indices } from './schema'

const path = useTempDir()
let db: Database.Database

const insertMessage = (id: string, seq: number, fields: Record<string, unknown> = {}) =>
  db
    .prepare(
      `INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at, tier)
       VALUES (@id, 'c1', @seq, 'assistant', 'answer', 'complete', 1, @tier)`
    )
    .run({ id, seq, tier: null, ...fields })

const insertAttempt = (fields: Record<string, unknown>) =>
  db
    .prepare(
      `INSERT INTO attempts (message_id, seq, tier, try, provider, model, outcome, http_status, error_code, message, started_at, latency_ms, first_token_ms, retry_wait_ms, partial_text)
       VALUES (@message_id, @seq, @tier, @try, 'openai', 'gpt-4o', @outcome, @http_status, NULL, NULL, 1, @latency_ms, NULL, @retry_wait_ms, @partial_text)`
    )
    .run({ message_id: 'm1', seq: 1, tier: 0, try: 1, outcome: 'ok', http_status: null, latency_ms: 5, retry_wait_ms: 0, partial_text: null, ...fields })

const attemptRows = () => db.prepare('SELECT message_id, seq, tier, try, outcome, http_status, partial_text FROM attempts ORDER BY message_id, seq').all()

beforeEach(() => {
  db = openDatabase(path('v4.sqlite'))
  migrate(db, MIGRATIONS.slice(0, 3))
  // An answer written at version 3, before tiers and attempts were recorded.
  db.prepare("INSERT INTO conversations VALUES ('c1', 'before attempts', 1, 1)").run()
  db.prepare("INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at) VALUES ('old', 'c1', 1, 'assistant', 'kept', 'complete', 1)").run()
  migrate(db, MIGRATIONS.slice(0, 4))
})
afterEach(() => db.close())

describe('migration 0004 attempts', () => {
  it('is version 4', () => {
    expect(MIGRATIONS[3]).toBe(attempts)
    expect(schemaVersion(db)).toBe(4)
  })

  it('adds the serving tier as the last column of messages, empty for earlier answers', () => {
    expect(columns(db, 'messages').at(-1)).toEqual(['tier', 'INTEGER'])
    expect(db.prepare("SELECT content, tier FROM messages WHERE id = 'old'").get()).toEqual({ content: 'kept', tier: null })
  })

  it('refuses a negative tier', () => {
    insertMessage('m1', 2, { tier: 0 })
    expect(() => insertMessage('m2', 3, { tier: -1 })).toThrow(/CHECK/)
  })

  it('creates the attempts table, keyed by message and sequence', () => {
    expect(columns(db, 'attempts')).toEqual([
      ['message_id', 'TEXT'],
      ['seq', 'INTEGER'],
      ['tier', 'INTEGER'],
      ['try', 'INTEGER'],
      ['provider', 'TEXT'],
      ['model', 'TEXT'],
      ['outcome', 'TEXT'],
      ['http_status', 'INTEGER'],
      ['error_code', 'TEXT'],
      ['message', 'TEXT'],
      ['started_at', 'INTEGER'],
      ['latency_ms', 'INTEGER'],
      ['first_token_ms', 'INTEGER'],
      ['retry_wait_ms', 'INTEGER'],
      ['partial_text', 'TEXT']
    ])
    // WITHOUT ROWID: the primary key is the table, no extra index.
    expect(indices(db, 'attempts')).toEqual({})
    insertMessage('m1', 2)
    insertAttempt({ seq: 1 })
    expect(() => insertAttempt({ seq: 1 })).toThrow(/UNIQUE|PRIMARY KEY/)
  })

  it('stores every try of an answer with its outcome and the text set apart', () => {
    insertMessage('m1', 2, { tier: 1 })
    insertAttempt({ seq: 1, outcome: 'stream-broken', partial_text: 'Hel', latency_ms: 40 })
    insertAttempt({ seq: 2, tier: 1, outcome: 'http-5xx', http_status: 503, retry_wait_ms: 250 })
    insertAttempt({ seq: 3, tier: 1, try: 2, outcome: 'ok' })
    expect(attemptRows()).toEqual([
      { message_id: 'm1', seq: 1, tier: 0, try: 1, outcome: 'stream-broken', http_status: null, partial_text: 'Hel' },
      { message_id: 'm1', seq: 2, tier: 1, try: 1, outcome: 'http-5xx', http_status: 503, partial_text: null },
      { message_id: 'm1', seq: 3, tier: 1, try: 2, outcome: 'ok', http_status: null, partial_text: null }
    ])
  })

  it('rejects tiers below 0, tries below 1 and wrongly typed values', () => {
    insertMessage('m1', 2)
    expect(() => insertAttempt({ tier: -1 })).toThrow(/CHECK/)
    expect(() => insertAttempt({ try: 0 })).toThrow(/CHECK/)
    expect(() => insertAttempt({ latency_ms: 'slow' })).toThrow(/cannot store TEXT/)
  })

  it('accepts attempts only for a message that exists, and deletes them with their message and conversation', () => {
    expect(() => insertAttempt({ message_id: 'nobody' })).toThrow(/FOREIGN KEY/)
    insertMessage('m1', 2)
    insertMessage('m2', 3)
    insertAttempt({ message_id: 'm1' })
    insertAttempt({ message_id: 'm2' })
    db.prepare("DELETE FROM messages WHERE id = 'm1'").run()
    expect(attemptRows()).toEqual([expect.objectContaining({ message_id: 'm2' })])
    db.prepare("DELETE FROM conversations WHERE id = 'c1'").run()
    expect(attemptRows()).toEqual([])
  })

  it('keeps its data through the later migrations', () => {
    insertMessage('m1', 2, { tier: 2 })
    insertAttempt({ outcome: 'timeout-first-token' })
    migrate(db)
    expect(db.prepare("SELECT tier FROM messages WHERE id = 'm1'").pluck().get()).toBe(2)
    expect(attemptRows()).toEqual([expect.objectContaining({ message_id: 'm1', outcome: 'timeout-first-token' })])
  })
})
