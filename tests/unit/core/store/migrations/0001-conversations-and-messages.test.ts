import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../../electron/core/store/migrations'
import { migrate, schemaVersion } from '../../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { useTempDir } from '../temp-dir'
import { columns, indices } from './schema'

const path = useTempDir()
let db: Database.Database

beforeEach(() => {
  db = openDatabase(path('v1.sqlite'))
  migrate(db, MIGRATIONS.slice(0, 1))
})
afterEach(() => db.close())

const insertConversation = (id: string) => db.prepare("INSERT INTO conversations VALUES (?, 'title', 1, 2)").run(id)
const insertMessage = (fields: Record<string, unknown>) =>
  db
    .prepare(
      `INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at, idempotency_key)
       VALUES (@id, @conversation_id, @seq, @role, @content, @status, @created_at, @idempotency_key)`
    )
    .run({ conversation_id: 'c1', seq: 1, role: 'user', content: 'hi', status: 'complete', created_at: 1, idempotency_key: null, ...fields })

describe('migration 0001 conversations and messages', () => {
  it('is version 1', () => {
    expect(MIGRATIONS[0]?.version).toBe(1)
    expect(schemaVersion(db)).toBe(1)
  })

  it('creates the conversations table', () => {
    expect(columns(db, 'conversations')).toEqual([
      ['id', 'TEXT'],
      ['title', 'TEXT'],
      ['created_at', 'INTEGER'],
      ['updated_at', 'INTEGER']
    ])
  })

  it('creates the messages table with every column the domain needs', () => {
    expect(columns(db, 'messages').map(([name]) => name)).toEqual([
      'id', 'conversation_id', 'seq', 'role', 'content', 'status', 'provider', 'model', 'created_at',
      'completed_at', 'first_token_ms', 'latency_ms', 'input_tokens', 'output_tokens', 'finish_reason',
      'error_code', 'error_message', 'error_retryable', 'idempotency_key'
    ])
  })

  it('indexes messages by conversation and seq, conversations by update time, and streaming answers', () => {
    expect(indices(db, 'messages')).toEqual({
      messages_by_conversation_seq: { unique: true, partial: false, columns: ['conversation_id', 'seq'] },
      messages_streaming: { unique: false, partial: true, columns: ['status'] }
    })
    expect(indices(db, 'conversations')).toEqual({
      conversations_by_updated_at: { unique: false, partial: false, columns: ['updated_at'] }
    })
  })

  it('rejects an unknown role or status', () => {
    insertConversation('c1')
    expect(() => insertMessage({ id: 'm1', role: 'tool' })).toThrow(/CHECK/)
    expect(() => insertMessage({ id: 'm2', status: 'done' })).toThrow(/CHECK/)
  })

  it('rejects a message for a missing conversation', () => {
    expect(() => insertMessage({ id: 'm1', conversation_id: 'nope' })).toThrow(/FOREIGN KEY/)
  })

  it('keeps seq and idempotency keys unique but allows many messages without a key', () => {
    insertConversation('c1')
    insertMessage({ id: 'm1', seq: 1, idempotency_key: 'k' })
    insertMessage({ id: 'm2', seq: 2 })
    insertMessage({ id: 'm3', seq: 3 })
    expect(() => insertMessage({ id: 'm4', seq: 2 })).toThrow(/UNIQUE/)
    expect(() => insertMessage({ id: 'm5', seq: 5, idempotency_key: 'k' })).toThrow(/UNIQUE/)
  })

  it('deletes messages with their conversation', () => {
    insertConversation('c1')
    insertMessage({ id: 'm1' })
    db.prepare("DELETE FROM conversations WHERE id = 'c1'").run()
    expect(db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0)
  })

  it('keeps its data through the later migrations', () => {
    insertConversation('c1')
    insertMessage({ id: 'm1', content: 'survives', idempotency_key: 'k1' })
    migrate(db)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(db.prepare('SELECT id, title, created_at, updated_at FROM conversations').all()).toEqual([
      { id: 'c1', title: 'title', created_at: 1, updated_at: 2 }
    ])
    expect(db.prepare('SELECT id, content, idempotency_key FROM messages').all()).toEqual([
      { id: 'm1', content: 'survives', idempotency_key: 'k1' }
    ])
  })
})
