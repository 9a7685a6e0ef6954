import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS, type Migration } from '../../../../../electron/core/store/migrations'
import { migrate, schemaVersion } from '../../../../../electron/core/store/migrations/migrate'
import { rebuildTable } from '../../../../../electron/core/store/migrations/rebuild-table'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { useTempDir } from '../temp-dir'
import { columns, indices } from './schema'

const path = useTempDir()
let db: Database.Database

/**
 * messages as it stands after every migration so far, with the role and status CHECKs widened
 * ('tool', 'queued'): the rebuild the next issues need, here only to exercise the mechanism.
 */
const WIDER_MESSAGES = `(
  id TEXT PRIMARY KEY NOT NULL,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
  content TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('queued', 'streaming', 'complete', 'partial', 'failed')),
  provider TEXT,
  model TEXT,
  created_at INTEGER NOT NULL,
  completed_at INTEGER,
  first_token_ms INTEGER,
  latency_ms INTEGER,
  input_tokens INTEGER,
  output_tokens INTEGER,
  finish_reason TEXT,
  error_code TEXT,
  error_message TEXT,
  error_retryable INTEGER CHECK (error_retryable IN (0, 1)),
  idempotency_key TEXT UNIQUE,
  owner_pid INTEGER,
  owner_started_at INTEGER CHECK ((owner_pid IS NULL) = (owner_started_at IS NULL)),
  tier INTEGER CHECK (tier IS NULL OR tier >= 0)
) STRICT`

/** A throwaway migration after the real ones. */
const widen = (extra: Partial<Migration> = {}): Migration => ({
  version: MIGRATIONS.length + 1,
  name: 'widen-messages (test only)',
  foreignKeysOff: true,
  up: (d) => rebuildTable(d, 'messages', WIDER_MESSAGES),
  ...extra
})

const snapshot = () => ({
  conversations: db.prepare('SELECT * FROM conversations ORDER BY id').all(),
  messages: db.prepare('SELECT * FROM messages ORDER BY id').all(),
  attempts: db.prepare('SELECT * FROM attempts ORDER BY message_id, seq').all()
})

beforeEach(() => {
  db = openDatabase(path('rebuild.sqlite'))
  migrate(db)
  db.prepare("INSERT INTO conversations VALUES ('c1', 'kept', 1, 1), ('c2', 'also kept', 2, 2)").run()
  const message = db.prepare(
    `INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at, idempotency_key, owner_pid, owner_started_at, tier)
     VALUES (@id, @c, @seq, @role, @content, @status, 1, @key, @pid, @pidAt, @tier)`
  )
  message.run({ id: 'u1', c: 'c1', seq: 1, role: 'user', content: 'hi', status: 'complete', key: 'idem-key-1', pid: null, pidAt: null, tier: null })
  message.run({ id: 'a1', c: 'c1', seq: 2, role: 'assistant', content: 'hello', status: 'complete', key: null, pid: null, pidAt: null, tier: 1 })
  message.run({ id: 'a2', c: 'c2', seq: 1, role: 'assistant', content: 'so far', status: 'streaming', key: null, pid: 42, pidAt: 7, tier: 0 })
  const attempt = db.prepare(
    `INSERT INTO attempts (message_id, seq, tier, try, provider, model, outcome, started_at, latency_ms, retry_wait_ms, partial_text)
     VALUES (?, ?, ?, 1, 'openai', 'gpt-4o', ?, 1, 10, 0, ?)`
  )
  attempt.run('a1', 1, 0, 'stream-broken', 'Hel')
  attempt.run('a1', 2, 1, 'ok', null)
  attempt.run('a2', 1, 0, 'http-5xx', null)
})
afterEach(() => db.close())

describe('rebuilding a table in a migration', () => {
  it('rebuilds messages under the attempts that reference it without losing a row, and the references still hold', () => {
    const before = snapshot()
    expect(migrate(db, [...MIGRATIONS, widen()])).toBe(MIGRATIONS.length + 1)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length + 1)
    expect(snapshot()).toEqual(before)
    expect(before.attempts).toHaveLength(3)
    // Same columns, same indices, foreign keys back on, nothing dangling.
    expect(columns(db, 'messages').map(([name]) => name)).toEqual(Object.keys(before.messages[0] as object))
    expect(Object.keys(indices(db, 'messages')).sort()).toEqual(['messages_by_conversation_seq', 'messages_streaming'])
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('foreign_key_check')).toEqual([])
    // The references are enforced and cascade as before.
    expect(() => db.prepare("INSERT INTO attempts (message_id, seq, tier, try, provider, model, outcome, started_at, latency_ms) VALUES ('ghost', 1, 0, 1, 'p', 'm', 'ok', 1, 1)").run()).toThrow(/FOREIGN KEY/)
    db.prepare("DELETE FROM conversations WHERE id = 'c1'").run()
    expect(db.prepare('SELECT message_id FROM attempts').pluck().all()).toEqual(['a2'])
    // And the wider constraint is in force.
    db.prepare("INSERT INTO messages (id, conversation_id, seq, role, status, created_at) VALUES ('t1', 'c2', 2, 'tool', 'queued', 3)").run()
    expect(() => db.prepare("INSERT INTO messages (id, conversation_id, seq, role, status, created_at) VALUES ('t2', 'c2', 3, 'robot', 'queued', 3)").run()).toThrow(/CHECK/)
  })

  it('keeps rowids across gaps (the search index finds rows by them), and rebuilds a WITHOUT ROWID table too', () => {
    db.prepare("DELETE FROM messages WHERE id = 'u1'").run() // a gap before the next rows
    const rowids = () => db.prepare('SELECT id, rowid FROM messages ORDER BY id').all()
    const before = rowids()
    migrate(db, [...MIGRATIONS, widen()])
    expect(rowids()).toEqual(before)
    const attemptsBefore = snapshot().attempts
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'attempts'").pluck().get() as string
    migrate(db, [...MIGRATIONS, widen(), { version: MIGRATIONS.length + 2, name: 'rebuild-attempts (test only)', foreignKeysOff: true, up: (d) => rebuildTable(d, 'attempts', sql.slice(sql.indexOf('('))) }])
    expect(snapshot().attempts).toEqual(attemptsBefore)
  })

  it('refuses to rebuild with foreign keys on, which would have cascade-deleted every attempt, and changes nothing', () => {
    const before = snapshot()
    expect(() => migrate(db, [...MIGRATIONS, widen({ foreignKeysOff: undefined })])).toThrow(/foreignKeysOff/)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(snapshot()).toEqual(before)
  })

  it('is why the flag exists: the same drop inside a transaction with foreign keys on empties attempts', () => {
    expect(() =>
      db.transaction(() => {
        db.exec('DROP TABLE messages')
        expect(db.prepare('SELECT COUNT(*) FROM attempts').pluck().get()).toBe(0)
        throw new Error('roll back')
      })()
    ).toThrow('roll back')
    expect(db.prepare('SELECT COUNT(*) FROM attempts').pluck().get()).toBe(3)
  })

  it('rolls back a migration that leaves a reference dangling, and turns foreign keys back on', () => {
    const before = snapshot()
    const dangling = widen({
      up: (d) => {
        rebuildTable(d, 'messages', WIDER_MESSAGES)
        d.exec("DELETE FROM messages WHERE id = 'a1'")
      }
    })
    expect(() => migrate(db, [...MIGRATIONS, dangling])).toThrow(/referencing missing parents.*attempts/)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(snapshot()).toEqual(before)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
  })

  it('fails, keeping every row, when a row does not fit the new constraints', () => {
    const before = snapshot()
    const narrower = WIDER_MESSAGES.replace("'system', 'user', 'assistant', 'tool'", "'system', 'assistant'")
    expect(() => migrate(db, [...MIGRATIONS, widen({ up: (d) => rebuildTable(d, 'messages', narrower) })])).toThrow(/CHECK/)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(snapshot()).toEqual(before)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
  })
})
