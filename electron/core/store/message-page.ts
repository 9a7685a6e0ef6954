import type { Database } from 'better-sqlite3'
import type { Attempt } from '../../../shared/types/domain'
import type { MessagePage, PageRequest } from './types'
import { toAttempt, toMessage, type AttemptRow, type MessageRow } from './rows'

/** Above every seq a conversation can reach: "before" this is the newest page. */
const NEWEST = Number.MAX_SAFE_INTEGER

/**
 * Reads one page of a conversation, newest first, by seq: what opening a conversation and
 * scrolling up ask for. Two indexed reads whatever the conversation's length: the page's rows
 * (messages_by_conversation_seq) and the attempts of those rows only (the attempts primary key).
 */
export function createMessagePager(db: Database): (conversationId: string, request: PageRequest) => MessagePage {
  // One row past the page tells whether an older page exists, without a COUNT.
  const rows = db.prepare<[string, number, number], MessageRow>(
    'SELECT * FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?'
  )
  const attempts = db.prepare<[string, number, number], AttemptRow>(`
    SELECT a.* FROM attempts a
    WHERE a.message_id IN (SELECT id FROM messages WHERE conversation_id = ? AND seq >= ? AND seq < ?)
    ORDER BY a.message_id, a.seq`)

  return (conversationId, { before, limit }) => {
    const upTo = before ?? NEWEST
    const found = rows.all(conversationId, upTo, limit + 1)
    const hasMore = found.length > limit
    const page = (hasMore ? found.slice(0, limit) : found).reverse()
    const oldest = page[0]
    if (!oldest) return { messages: [], hasMore: false, nextBefore: null }

    const byMessage = new Map<string, Attempt[]>()
    for (const a of attempts.all(conversationId, oldest.seq, upTo)) {
      const list = byMessage.get(a.message_id)
      if (list) list.push(toAttempt(a))
      else byMessage.set(a.message_id, [toAttempt(a)])
    }
    return {
      messages: page.map((row) => toMessage(row, byMessage.get(row.id))),
      hasMore,
      nextBefore: hasMore ? oldest.seq : null
    }
  }
}
