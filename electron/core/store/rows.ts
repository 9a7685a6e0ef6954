import type { Attempt, AttemptOutcome, Conversation, Message, MessageStatus, Role } from '../../../shared/types/domain'

/** The columns of a ConversationRow, from conversations aliased `c`: the list, get and search queries share them. */
export const CONVERSATION_COLUMNS = `c.id, c.title, c.created_at, c.updated_at,
  (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count`

/** A conversations row plus its message count, as the list and get queries select it. */
export interface ConversationRow {
  id: string
  title: string
  created_at: number
  updated_at: number
  message_count: number
}

/** A messages row exactly as stored. */
export interface MessageRow {
  id: string
  conversation_id: string
  seq: number
  role: Role
  content: string
  status: MessageStatus
  provider: string | null
  model: string | null
  created_at: number
  completed_at: number | null
  first_token_ms: number | null
  latency_ms: number | null
  input_tokens: number | null
  output_tokens: number | null
  finish_reason: string | null
  error_code: string | null
  error_message: string | null
  error_retryable: number | null
  idempotency_key: string | null
  /** Set while streaming (migration 0003); NULL otherwise and on older rows. */
  owner_pid: number | null
  owner_started_at: number | null
  /** Which target of the route served it (migration 0004). */
  tier: number | null
}

/** An attempts row exactly as stored (migration 0004). */
export interface AttemptRow {
  message_id: string
  seq: number
  tier: number
  try: number
  provider: string
  model: string
  outcome: AttemptOutcome
  http_status: number | null
  error_code: string | null
  message: string | null
  started_at: number
  latency_ms: number
  first_token_ms: number | null
  retry_wait_ms: number
  partial_text: string | null
}

/** Maps an attempts row to the shared Attempt type. */
export function toAttempt(row: AttemptRow): Attempt {
  return {
    tier: row.tier,
    try: row.try,
    provider: row.provider,
    model: row.model,
    outcome: row.outcome,
    httpStatus: row.http_status,
    errorCode: row.error_code,
    message: row.message,
    startedAt: row.started_at,
    latencyMs: row.latency_ms,
    firstTokenMs: row.first_token_ms,
    retryWaitMs: row.retry_wait_ms,
    partialText: row.partial_text
  }
}

/** Maps a conversations row to the shared Conversation type. */
export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    messageCount: row.message_count
  }
}

/** Maps a messages row (and its attempts, read separately) to the shared Message type. */
export function toMessage(row: MessageRow, attempts: Attempt[] = []): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    role: row.role,
    content: row.content,
    status: row.status,
    provider: row.provider,
    model: row.model,
    createdAt: row.created_at,
    completedAt: row.completed_at,
    firstTokenMs: row.first_token_ms,
    latencyMs: row.latency_ms,
    usage:
      row.input_tokens === null || row.output_tokens === null
        ? null
        : { inputTokens: row.input_tokens, outputTokens: row.output_tokens },
    finishReason: row.finish_reason,
    error:
      row.error_code === null
        ? null
        : { code: row.error_code, message: row.error_message ?? '', retryable: row.error_retryable === 1 },
    tier: row.tier ?? null,
    attempts
  }
}
