import type { ChatTurn } from '../llm/types'
import type { HistoryRow } from '../store/types'
import { isSentTurn } from './history'

/** Reads a conversation's messages after a seq, in order (MessageRepo.historyAfter). */
export type ReadHistoryAfter = (conversationId: string, afterSeq: number) => HistoryRow[]

/** Conversations whose turns stay in memory; the least recently sent-to go first. */
const DEFAULT_MAX_CONVERSATIONS = 8

interface Entry {
  /** Every message up to this seq is in `turns` (or was left out by isSentTurn). */
  upTo: number
  turns: ChatTurn[]
}

/**
 * The turns a send continues from, per conversation, so that a send reads only the messages added
 * since the last one instead of the whole conversation: its cost stays what the request body
 * itself costs, whatever the conversation's length.
 *
 * Why a read of "seq > upTo" is all the checking it needs, even with other processes writing the
 * same file: messages are only appended (seq grows), and a message changes after it is written
 * only while it is 'streaming' (progress, finish, recovery marking it partial). So the cache keeps
 * only the prefix of a conversation up to its first streaming message; that one and all after it
 * are read again next time, until they are settled too. A deleted conversation's entry is never
 * asked for again (ids are not reused) and ages out. Anything that one day edits or deletes a
 * settled message must call forget().
 */
export function createHistoryCache(read: ReadHistoryAfter, maxConversations = DEFAULT_MAX_CONVERSATIONS) {
  // A Map iterates in insertion order: re-inserting on every use makes the first key the least recent.
  const entries = new Map<string, Entry>()

  return {
    /** The turns to send for this conversation now: a fresh array the caller may keep. */
    turns(conversationId: string): ChatTurn[] {
      const entry = entries.get(conversationId) ?? { upTo: 0, turns: [] }
      entries.delete(conversationId)
      const tail: ChatTurn[] = []
      let settled = true
      for (const row of read(conversationId, entry.upTo)) {
        settled &&= row.status !== 'streaming'
        const turn = isSentTurn(row) ? { role: row.role, content: row.content } : null
        if (settled) {
          entry.upTo = row.seq
          if (turn) entry.turns.push(turn)
        } else if (turn) {
          tail.push(turn)
        }
      }
      entries.set(conversationId, entry)
      if (entries.size > maxConversations) entries.delete(entries.keys().next().value!)
      return entry.turns.concat(tail)
    },
    forget(conversationId: string): void {
      entries.delete(conversationId)
    }
  }
}

export type HistoryCache = ReturnType<typeof createHistoryCache>
