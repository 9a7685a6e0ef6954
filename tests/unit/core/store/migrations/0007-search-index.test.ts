import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS, type Migration } from '../../../../../electron/core/store/migrations'
import { migrate, schemaVersion } from '../../../../../electron/core/store/migrations/migrate'
import { rebuildTable } from '../../../../../electron/core/store/migrations/rebuild-table'
import { openDatabase } from '../../../../../electron/core/store/open-database'
import { useTempDir } from '../temp-dir'

const path = useTempDir()
let db: Database.Database

const insertMessage = (id: string, conversation: string, seq: number, content: string, status = 'complete') =>
  db
    .prepare("INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at) VALUES (?, ?, ?, 'assistant', ?, ?, 1)")
    .run(id, conversation, seq, content, status)

/** Message ids whose indexed text matches, through the index alone (the oracle is the FTS table, not the store's query). */
const messagesMatching = (q: string) =>
  db.prepare('SELECT m.id FROM messages_search s JOIN messages m ON m.rowid = s.rowid WHERE messages_search MATCH ? ORDER BY m.id').pluck().all(q)
const titlesMatching = (q: string) =>
  db.prepare('SELECT c.title FROM conversations_search s JOIN conversations c ON c.rowid = s.rowid WHERE conversations_search MATCH ? ORDER BY c.title').pluck().all(q)
/** Rows in the index per token, to see that nothing stale is left behind. */
const indexedRows = (table: string, token: string) =>
  db.prepare(`SELECT COUNT(*) FROM ${table} WHERE ${table} MATCH ?`).pluck().get(`"${token}"`)

beforeEach(() => {
  db = openDatabase(path('v7.sqlite'))
  migrate(db, MIGRATIONS.slice(0, 6))
  // Written at version 6: the migration must index what is already there, except an answer still streaming.
  db.prepare("INSERT INTO conversations VALUES ('c1', 'Café planning', 1, 1), ('c2', 'Rust notes', 2, 2)").run()
  insertMessage('m1', 'c1', 1, 'Where do we meet for the crème brûlée?')
  insertMessage('m2', 'c2', 1, 'lifetimes and borrowing', 'partial')
  insertMessage('m3', 'c2', 2, 'half an answer about borrowing', 'streaming')
  migrate(db, MIGRATIONS.slice(0, 7))
})
afterEach(() => db.close())

describe('migration 0007 search index', () => {
  it('is version 7', () => {
    expect(MIGRATIONS[6]?.version).toBe(7)
    expect(MIGRATIONS[6]?.name).toBe('search-index')
    expect(schemaVersion(db)).toBe(7)
  })

  it('indexes the titles and finished messages written before it, folding case and accents', () => {
    expect(titlesMatching('cafe')).toEqual(['Café planning'])
    expect(titlesMatching('RUST')).toEqual(['Rust notes'])
    expect(messagesMatching('creme brulee')).toEqual(['m1'])
    expect(messagesMatching('borrowing')).toEqual(['m2'])
  })

  it('leaves a streaming answer out until it finishes, then indexes its final text only', () => {
    expect(messagesMatching('half')).toEqual([])
    db.prepare("UPDATE messages SET content = 'half an answer about borrowing and more' WHERE id = 'm3'").run()
    expect(messagesMatching('more')).toEqual([])
    db.prepare("UPDATE messages SET content = 'the whole answer about borrowing', status = 'complete' WHERE id = 'm3'").run()
    expect(messagesMatching('whole')).toEqual(['m3'])
    expect(messagesMatching('half')).toEqual([])
    expect(messagesMatching('borrowing')).toEqual(['m2', 'm3'])
  })

  it('indexes a message inserted finished, and re-indexes an edit of a finished one without stale words', () => {
    insertMessage('m4', 'c1', 2, 'bring umbrellas')
    expect(messagesMatching('umbrellas')).toEqual(['m4'])
    db.prepare("UPDATE messages SET content = 'bring raincoats' WHERE id = 'm4'").run()
    expect(messagesMatching('umbrellas')).toEqual([])
    expect(messagesMatching('raincoats')).toEqual(['m4'])
    expect(indexedRows('messages_search', 'bring')).toBe(1)
  })

  it('re-indexes an answer recovery marked partial when its owner finishes it after all', () => {
    db.prepare("UPDATE messages SET status = 'partial' WHERE id = 'm3'").run()
    expect(messagesMatching('half')).toEqual(['m3'])
    db.prepare("UPDATE messages SET status = 'complete', content = 'a full answer' WHERE id = 'm3'").run()
    expect(messagesMatching('half')).toEqual([])
    expect(messagesMatching('full')).toEqual(['m3'])
  })

  it('drops the messages of a deleted conversation and its title from the index', () => {
    db.prepare("DELETE FROM conversations WHERE id = 'c2'").run()
    expect(messagesMatching('borrowing')).toEqual([])
    expect(titlesMatching('rust')).toEqual([])
    expect(indexedRows('messages_search', 'borrowing')).toBe(0)
    expect(messagesMatching('brulee')).toEqual(['m1'])
  })

  it('follows a rename, and only a rename', () => {
    db.prepare("UPDATE conversations SET title = 'Tea planning', updated_at = 5 WHERE id = 'c1'").run()
    expect(titlesMatching('cafe')).toEqual([])
    expect(titlesMatching('tea')).toEqual(['Tea planning'])
    db.prepare("UPDATE conversations SET updated_at = 6 WHERE id = 'c1'").run()
    expect(indexedRows('conversations_search', 'planning')).toBe(1)
  })

  it('keeps the index right through a later rebuild of messages (rowids kept) and the later migrations', () => {
    // A gap in the rowids: a copy that renumbered the rows would point the index at the wrong ones.
    insertMessage('gone', 'c1', 2, 'deleted soon')
    insertMessage('m5', 'c1', 3, 'after the gap')
    db.prepare("DELETE FROM messages WHERE id = 'gone'").run()
    const rebuild: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'rebuild-messages (test only)',
      foreignKeysOff: true,
      up: (d) => {
        const sql = d.prepare("SELECT sql FROM sqlite_schema WHERE name = 'messages'").pluck().get() as string
        rebuildTable(d, 'messages', sql.slice(sql.indexOf('(')))
      }
    }
    migrate(db, [...MIGRATIONS, rebuild])
    expect(messagesMatching('gap')).toEqual(['m5'])
    db.prepare("DELETE FROM messages WHERE id = 'm5'").run()
    expect(indexedRows('messages_search', 'gap')).toBe(0)
    // The triggers came back with the rebuilt table.
    insertMessage('m6', 'c1', 4, 'after the rebuild')
    expect(messagesMatching('rebuild')).toEqual(['m6'])
  })
})
