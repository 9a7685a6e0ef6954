import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { ConversationRepo } from './types'
import { createConversationSearch } from './conversation-search'
import { CONVERSATION_COLUMNS, toConversation, type ConversationRow } from './rows'

const SELECT = `SELECT ${CONVERSATION_COLUMNS} FROM conversations c`

/** The sidebar shows the newest; older ones are found by search. Keeps every reply small for the IPC relay. */
export const DEFAULT_LIST_LIMIT = 200

/** Conversations on one connection; statements are prepared once, here. */
export function createConversationRepo(db: Database): ConversationRepo {
  // The page first, its columns after: the message counts are counted for the rows returned only,
  // even when the planner sorts the whole table.
  const all = db.prepare<[number], ConversationRow>(`
    WITH page AS (SELECT rowid AS crow FROM conversations ORDER BY updated_at DESC, created_at DESC, id LIMIT ?)
    ${SELECT} JOIN page p ON c.rowid = p.crow ORDER BY c.updated_at DESC, c.created_at DESC, c.id`)
  const search = createConversationSearch(db)
  const byId = db.prepare<[string], ConversationRow>(`${SELECT} WHERE c.id = ?`)
  const idExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM conversations WHERE id = ?')
  const insert = db.prepare<[string, string, number, number]>(
    'INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)'
  )
  const setTitle = db.prepare<[string, number, string]>('UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?')
  const remove = db.prepare<[string]>('DELETE FROM conversations WHERE id = ?')

  const get = (id: string) => {
    const row = byId.get(id)
    return row ? toConversation(row) : null
  }

  return {
    list(query, limit = DEFAULT_LIST_LIMIT) {
      const q = query?.trim() ?? ''
      return q === '' ? all.all(limit).map(toConversation) : search(q, limit)
    },
    get,
    exists: (id) => idExists.get(id) !== undefined,
    create(title, now) {
      const id = randomUUID()
      insert.run(id, title, now, now)
      return { id, title, createdAt: now, updatedAt: now, messageCount: 0 }
    },
    rename(id, title, now) {
      return setTitle.run(title, now, id).changes === 0 ? null : get(id)
    },
    delete(id) {
      // messages go with it: ON DELETE CASCADE, with foreign_keys on for every connection.
      return remove.run(id).changes > 0
    }
  }
}
