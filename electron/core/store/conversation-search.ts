import type { Database } from 'better-sqlite3'
import type { ConversationListItem } from '../../../shared/types/domain'
import { CONVERSATION_COLUMNS, toConversation, type ConversationRow } from './rows'
import { ftsQuery, likePattern, parseQuery, snippetOf } from './search-query'

const ORDER = 'ORDER BY c.updated_at DESC, c.created_at DESC, c.id LIMIT @limit'

type Found = ConversationRow & { title_hit: number }

/**
 * Searches titles and message contents through the FTS5 indices of migration 0007, newest
 * first. A title match counts by the conversation's last activity; a content match by its newest
 * matching message, read from the index newest first and stopped once `limit` conversations are
 * found, so a word in half of 100,000 messages costs about as much as a rare one. Each result
 * says why it matched: its title, or its newest matching message, with the words marked.
 */
export function createConversationSearch(db: Database): (query: string, limit: number) => ConversationListItem[] {
  const contentHits = db.prepare<[string], { rowid: number; conversation_id: string }>(`
    SELECT s.rowid, m.conversation_id FROM messages_search s JOIN messages m ON m.rowid = s.rowid
    WHERE messages_search MATCH ? ORDER BY s.rowid DESC`)
  // The page is chosen first and its columns read after: the message counts are then counted for
  // the rows returned, not for every conversation whose title matched (all of them, for "notes").
  const conversations = db.prepare<{ q: string; ids: string; limit: number }, Found>(`
    WITH hits (crow, title_hit) AS (
      SELECT rowid, 1 FROM conversations_search WHERE conversations_search MATCH @q
      UNION ALL
      SELECT c.rowid, 0 FROM conversations c WHERE c.id IN (SELECT value FROM json_each(@ids))
    ),
    page AS (
      SELECT h.crow, MAX(h.title_hit) AS title_hit, c.updated_at, c.created_at, c.id
      FROM hits h JOIN conversations c ON c.rowid = h.crow GROUP BY h.crow
      ${ORDER}
    )
    SELECT ${CONVERSATION_COLUMNS}, p.title_hit FROM page p JOIN conversations c ON c.rowid = p.crow
    ORDER BY c.updated_at DESC, c.created_at DESC, c.id`)
  const message = db.prepare<[number], { id: string; content: string }>('SELECT id, content FROM messages WHERE rowid = ?')
  // Punctuation alone ("%", "_") makes no word the index knows; titles are few, so they are
  // scanned with SQLite's own LIKE, whose case folding is moot for punctuation.
  const punctuation = db.prepare<{ pattern: string; limit: number }, ConversationRow>(
    `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.title LIKE @pattern ESCAPE '\\' ${ORDER}`
  )

  /** Conversation id to the rowid of its newest matching message, for the `limit` conversations with the newest matches. */
  const newestMatches = (q: string, limit: number): Map<string, number> => {
    const found = new Map<string, number>()
    for (const hit of contentHits.iterate(q)) {
      if (!found.has(hit.conversation_id)) found.set(hit.conversation_id, hit.rowid)
      // Leaving the loop early resets the statement (better-sqlite3 closes the iterator).
      if (found.size >= limit) break
    }
    return found
  }

  return (text, limit) => {
    const query = parseQuery(text)
    if (query === null) return punctuation.all({ pattern: likePattern(text.trim()), limit }).map(toConversation)
    const q = ftsQuery(query)
    const hits = newestMatches(q, limit)
    return conversations.all({ q, ids: JSON.stringify([...hits.keys()]), limit }).map((row) => {
      const conversation = toConversation(row)
      if (row.title_hit === 1) return { ...conversation, match: { messageId: null, snippet: snippetOf(row.title, query) } }
      const rowid = hits.get(row.id)
      const found = rowid === undefined ? undefined : message.get(rowid)
      return found ? { ...conversation, match: { messageId: found.id, snippet: snippetOf(found.content, query) } } : conversation
    })
  }
}
