import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { ConversationRepo } from './types'
import { toConversation, type ConversationRow } from './rows'

const SELECT = `
  SELECT c.id, c.title, c.created_at, c.updated_at,
         (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count
  FROM conversations c`

/** Escapes LIKE's wildcards so a search for "50%" or "a_b" matches those characters literally. */
export function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}

/** The sidebar shows the newest; older ones are found by search. Keeps every reply small for the IPC relay. */
export const DEFAULT_LIST_LIMIT = 200

/** Conversations on one connection; statements are prepared once, here. */
export function createConversationRepo(db: Database): ConversationRepo {
  // SQLite's own LIKE folds ASCII case only; this folds "É" to "é" as well.
  db.function('wb_fold', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : s))

  const all = db.prepare<[number], ConversationRow>(`${SELECT} ORDER BY c.updated_at DESC, c.created_at DESC, c.id LIMIT ?`)
  const search = db.prepare<[string, number], ConversationRow>(
    `${SELECT} WHERE wb_fold(c.title) LIKE wb_fold(?) ESCAPE '\\' ORDER BY c.updated_at DESC, c.created_at DESC, c.id LIMIT ?`
  )
  const byId = db.prepare<[string], ConversationRow>(`${SELECT} WHERE c.id = ?`)
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
      return (q === '' ? all.all(limit) : search.all(likePattern(q), limit)).map(toConversation)
    },
    get,
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
