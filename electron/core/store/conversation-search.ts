import type { Database } from 'better-sqlite3'
import type { ConversationListItem } from '../../../shared/types/domain'
import { CONVERSATION_COLUMNS, toConversation, type ConversationRow } from './rows'
import { ftsQuery, HIT_END, HIT_START, likePattern, toSnippet } from './search-query'

const ORDER = 'ORDER BY c.updated_at DESC, c.created_at DESC, c.id LIMIT @limit'

/** Words around a match in a message: enough for a line in the sidebar. */
const SNIPPET_TOKENS = 12

type HitRow = ConversationRow & { title_hit: number; message_rowid: number | null }
type Marks = { q: string; start: string; end: string }
const MARKS = { start: HIT_START, end: HIT_END }

/**
 * Searches titles and message contents through the FTS5 indices of migration 0007, newest
 * conversation first. Each result says why it matched: its title (highlighted), or its newest
 * matching message with a snippet. Snippets are read for the returned page only, one indexed
 * look-up each, so a word found in 50,000 messages costs one snippet per conversation shown.
 */
export function createConversationSearch(db: Database): (query: string, limit: number) => ConversationListItem[] {
  // The newest matching message per conversation: rowids grow with every insert.
  const matching = db.prepare<{ q: string; limit: number }, HitRow>(`
    WITH titles AS (SELECT rowid FROM conversations_search WHERE conversations_search MATCH @q),
    messages_hit AS (
      SELECT m.conversation_id, MAX(s.rowid) AS message_rowid
      FROM messages_search s JOIN messages m ON m.rowid = s.rowid
      WHERE messages_search MATCH @q
      GROUP BY m.conversation_id
    )
    SELECT ${CONVERSATION_COLUMNS}, c.rowid IN titles AS title_hit, h.message_rowid
    FROM conversations c LEFT JOIN messages_hit h ON h.conversation_id = c.id
    WHERE c.rowid IN titles OR h.message_rowid IS NOT NULL
    ${ORDER}`)
  const titleMarks = db.prepare<Marks & { id: string }, { marked: string }>(`
    SELECT highlight(conversations_search, 0, @start, @end) AS marked
    FROM conversations_search WHERE conversations_search MATCH @q
      AND rowid = (SELECT rowid FROM conversations WHERE id = @id)`)
  const messageMarks = db.prepare<Marks & { rowid: number }, { id: string; marked: string }>(`
    SELECT m.id, snippet(messages_search, 0, @start, @end, '…', ${SNIPPET_TOKENS}) AS marked
    FROM messages_search s JOIN messages m ON m.rowid = s.rowid
    WHERE messages_search MATCH @q AND s.rowid = @rowid`)
  // Punctuation alone ("%", "_") makes no word the index knows; titles are few, so they are
  // scanned with SQLite's own LIKE, whose case folding is moot for punctuation.
  const punctuation = db.prepare<{ pattern: string; limit: number }, ConversationRow>(
    `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.title LIKE @pattern ESCAPE '\\' ${ORDER}`
  )

  return (query, limit) => {
    const q = ftsQuery(query)
    if (q === null) return punctuation.all({ pattern: likePattern(query.trim()), limit }).map(toConversation)
    return matching.all({ q, limit }).map((row) => {
      const conversation = toConversation(row)
      if (row.title_hit === 1) {
        const marked = titleMarks.get({ q, ...MARKS, id: row.id })?.marked ?? row.title
        return { ...conversation, match: { messageId: null, snippet: toSnippet(marked) } }
      }
      const found = row.message_rowid === null ? undefined : messageMarks.get({ q, ...MARKS, rowid: row.message_rowid })
      return found ? { ...conversation, match: { messageId: found.id, snippet: toSnippet(found.marked) } } : conversation
    })
  }
}
