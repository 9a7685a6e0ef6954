import type { BreakerStore } from '../llm/policies/circuit-breaker'
import type { BucketStore } from '../llm/policies/rate-limiter'
import type { Attempt, Conversation, ConversationListItem, ErrorData, Message, MessageStatus, Usage } from '../../../shared/types/domain'
import type { ProcessOwner } from './process-liveness'

export type { ProcessOwner } from './process-liveness'

/** Conversations, newest first. Synchronous: better-sqlite3 is, and the core runs off the UI thread. */
export interface ConversationRepo {
  /**
   * Newest first, at most `limit` (default 200). With a query, those whose title or messages hold
   * its words (through the search index, migration 0007), each with what matched.
   */
  list(query?: string, limit?: number): ConversationListItem[]
  get(id: string): Conversation | null
  /** One primary-key read, whatever the conversation's length (get() counts its messages). */
  exists(id: string): boolean
  create(title: string, now: number): Conversation
  rename(id: string, title: string, now: number): Conversation | null
  /** Deletes the conversation and its messages. */
  delete(id: string): boolean
}

export interface NewTurn {
  conversationId: string
  /** Set for a conversation that does not exist yet: it is created with this title, in the turn's own commit. */
  newConversation?: { title: string }
  content: string
  provider: string
  model: string
  idempotencyKey: string | null
  now: number
  /** The process that will stream the answer (currentProcessOwner()); recovery spares it while it lives. */
  owner: ProcessOwner
}

/** What a send needs of a stored message to build the turns it sends (history.ts decides which). */
export interface HistoryRow {
  seq: number
  role: Message['role']
  content: string
  status: MessageStatus
}

/** The ids a send produced; returned again for a repeated idempotency key. */
export interface TurnIds {
  conversationId: string
  userMessageId: string
  assistantMessageId: string
}

export interface MessageFinish {
  status: Exclude<MessageStatus, 'streaming'>
  content: string
  completedAt: number
  firstTokenMs: number | null
  latencyMs: number | null
  usage: Usage | null
  finishReason: string | null
  error: ErrorData | null
  /** The target that served the answer (it may differ from the one first asked), and its tier. */
  provider: string | null
  model: string | null
  tier: number | null
}

/** Which page of a conversation: the newest `limit` messages, or those just before the cursor `before`. */
export interface PageRequest {
  before?: number | undefined
  limit: number
}

/** Messages oldest to newest; nextBefore is the cursor of the page before (null when there is none). */
export interface MessagePage {
  messages: Message[]
  hasMore: boolean
  nextBefore: number | null
}

export interface MessageRepo {
  listFor(conversationId: string): Message[]
  /** One page, newest first (message-page.ts): opening a conversation reads this, never the whole of it. */
  page(conversationId: string, request: PageRequest): MessagePage
  get(id: string): Message | null
  /**
   * Commits the user's message and an empty 'streaming' assistant message (and the conversation,
   * when new) in one transaction; the messages returned are built from what was written, not re-read.
   */
  insertTurn(turn: NewTurn): { user: Message; assistant: Message }
  /** Role, content and status of a conversation's messages after `afterSeq`, in order: what a send's history is built from, and no more. */
  historyAfter(conversationId: string, afterSeq: number): HistoryRow[]
  findTurn(idempotencyKey: string): TurnIds | null
  /** Saves the text streamed so far, so a crash loses at most the last interval; ignored once the answer is no longer streaming. */
  saveProgress(id: string, content: string): void
  /** Appends one try of the resilient client, as soon as it ends, so a crash keeps the tries so far. */
  recordAttempt(id: string, attempt: Attempt): void
  /**
   * Stores the outcome and clears the owner; overwrites a 'partial' that recovery wrongly set, since the owner knows best.
   * `lastAttempt`, the try that ended it, is appended in the same transaction (one commit after a stream).
   */
  finish(id: string, finish: MessageFinish, lastAttempt?: Attempt): Message
  /**
   * Marks answers left 'streaming' as 'partial' when their owner is not alive (or unknown: rows
   * from before owners were recorded); returns how many. Every door calls it at start.
   */
  recoverInterrupted(now: number, isOwnerAlive: (owner: ProcessOwner) => boolean): number
}

/** A small JSON key-value table; validation belongs to the caller (settings/). */
export interface KeyValueRepo {
  get(key: string): unknown
  /** The stored JSON text, for callers that cache what they parse from it. */
  getRaw(key: string): string | undefined
  set(key: string, value: unknown): void
}

export interface Store {
  readonly path: string
  /** Circuit-breaker state, shared by every process on this data directory. */
  readonly breakers: BreakerStore
  /** Rate-limit token buckets, shared the same way. */
  readonly buckets: BucketStore
  readonly conversations: ConversationRepo
  readonly messages: MessageRepo
  readonly kv: KeyValueRepo
  close(): void
}
