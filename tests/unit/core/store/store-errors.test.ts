import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createStore, createStoreFromDatabase } from '../../../../electron/core/store/create-store'
import { openDatabase } from '../../../../electron/core/store/open-database'
import { toStoreError } from '../../../../electron/core/store/sqlite-errors'
import type { Store } from '../../../../electron/core/store/types'
import { WorkbenchError } from '../../../../shared/errors'
import { caught } from './caught'
import { useTempDir } from './temp-dir'

const path = useTempDir()
const closers: Array<() => void> = []
afterEach(() => {
  for (const close of closers.splice(0).reverse()) close()
})
function track<T extends { close(): unknown }>(it: T): T {
  closers.push(() => it.close())
  return it
}
const turnIn = (store: Store, conversationId: string, content: string) =>
  store.messages.insertTurn({ conversationId, content, provider: 'p', model: 'm', idempotencyKey: 'k', now: 500, owner: { pid: 1, startedAt: 1 } })

describe('storage errors reach the user as WorkbenchErrors', () => {
  it('reports a full disk as disk_full and leaves no half-written turn', () => {
    const db = track(openDatabase(path('full.sqlite')))
    const store = createStoreFromDatabase(db)
    const conversation = store.conversations.create('chat', 100)
    // Cap the file at its current size: the next page SQLite needs fails like a full disk.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    const err = caught(() => turnIn(store, conversation.id, 'x'.repeat(100_000)))
    expect(err.code).toBe('disk_full')
    expect(err.retryable).toBe(false)
    expect(err.message).toMatch(/Free some space/)
    expect(store.messages.listFor(conversation.id)).toEqual([])
    expect(store.messages.findTurn('k')).toBeNull()
    expect(store.conversations.get(conversation.id)?.updatedAt).toBe(100)
  })

  it('reports writing through a read-only connection as read_only', () => {
    const file = path('ro.sqlite')
    const writer = createStore(file)
    const conversation = writer.conversations.create('chat', 100)
    writer.close()
    const store = track(createStoreFromDatabase(new Database(file, { readonly: true })))
    expect(store.conversations.get(conversation.id)?.title).toBe('chat')
    const err = caught(() => store.conversations.rename(conversation.id, 'new', 200))
    expect(err.code).toBe('read_only')
    expect(err.message).toContain(file)
  })

  it('reports a database that needs migrating but cannot be written as read_only', () => {
    const file = path('ro-new.sqlite')
    track(openDatabase(file)) // an empty, unmigrated file
    expect(caught(() => createStoreFromDatabase(track(new Database(file, { readonly: true })))).code).toBe('read_only')
  })

  it('reports a lock held too long by another process as database_busy, retryable', () => {
    const file = path('busy.sqlite')
    const store = track(createStore(file))
    const conversation = store.conversations.create('chat', 100)
    const impatient = track(openDatabase(file))
    impatient.pragma('busy_timeout = 20') // the real 5 s would slow the suite down
    const impatientStore = createStoreFromDatabase(impatient)
    const holder = track(openDatabase(file))
    holder.exec('BEGIN IMMEDIATE')
    closers.push(() => holder.inTransaction && holder.exec('ROLLBACK'))
    const err = caught(() => turnIn(impatientStore, conversation.id, 'hi'))
    expect(err.code).toBe('database_busy')
    expect(err.retryable).toBe(true)
    holder.exec('ROLLBACK')
    expect(turnIn(impatientStore, conversation.id, 'hi').user.content).toBe('hi')
  })

  it('passes other errors through unchanged', () => {
    const plain = new Error('boom')
    const constraint = Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })
    const ours = new WorkbenchError('conversation_not_found', 'gone')
    expect(toStoreError(plain, 'f')).toBe(plain)
    expect(toStoreError(constraint, 'f')).toBe(constraint)
    expect(toStoreError(ours, 'f')).toBe(ours)
  })

  it('matches extended codes by family', () => {
    expect((toStoreError(Object.assign(new Error(), { code: 'SQLITE_READONLY_DBMOVED' }), 'f') as WorkbenchError).code).toBe('read_only')
    expect((toStoreError(Object.assign(new Error(), { code: 'SQLITE_BUSY_SNAPSHOT' }), 'f') as WorkbenchError).code).toBe('database_busy')
    expect((toStoreError(Object.assign(new Error(), { code: 'SQLITE_CORRUPT_INDEX' }), 'f') as WorkbenchError).code).toBe('database_corrupt')
    // A prefix alone is not a family: SQLITE_FULLNESS is not SQLITE_FULL.
    const odd = Object.assign(new Error(), { code: 'SQLITE_FULLNESS' })
    expect(toStoreError(odd, 'f')).toBe(odd)
  })
})
