import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { WorkbenchError } from '../../../shared/errors'
import type { Attempt, Message } from '../../../shared/types/domain'
import type { HistoryRow, MessageFinish, MessageRepo, NewTurn, TurnIds } from './types'
import { createInterruptedRecovery } from './recover-interrupted'
import { createMessagePager } from './message-page'
import { toAttempt, toMessage, type AttemptRow, type MessageRow } from './rows'

type NewMessage = Pick<
  MessageRow,
  | 'id' | 'conversation_id' | 'seq' | 'role' | 'content' | 'status' | 'provider' | 'model' | 'created_at' | 'completed_at'
  | 'idempotency_key' | 'owner_pid' | 'owner_started_at'
>

/** Timings may come from performance.now(); the columns are STRICT INTEGER. */
const ms = (value: number | null) => (value === null ? null : Math.round(value))

/** The message a row just inserted holds: every column the insert left out is NULL. */
const inserted = (row: NewMessage): Message =>
  toMessage({
    ...row,
    first_token_ms: null,
    latency_ms: null,
    input_tokens: null,
    output_tokens: null,
    finish_reason: null,
    error_code: null,
    error_message: null,
    error_retryable: null,
    tier: null
  })

/** Messages on one connection; statements are prepared once, here. */
export function createMessageRepo(db: Database): MessageRepo {
  const byConversation = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq')
  const byId = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?')
  const attemptsOf = db.prepare<[string], AttemptRow>('SELECT * FROM attempts WHERE message_id = ? ORDER BY seq')
  const attemptsInConversation = db.prepare<[string], AttemptRow>(
    'SELECT a.* FROM attempts a JOIN messages m ON m.id = a.message_id WHERE m.conversation_id = ? ORDER BY a.message_id, a.seq'
  )
  const insertAttempt = db.prepare<[AttemptRow]>(`
    INSERT INTO attempts (message_id, seq, tier, try, provider, model, outcome, http_status, error_code, message, started_at,
      latency_ms, first_token_ms, retry_wait_ms, partial_text)
    VALUES (@message_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM attempts WHERE message_id = @message_id), @tier, @try, @provider,
      @model, @outcome, @http_status, @error_code, @message, @started_at, @latency_ms, @first_token_ms, @retry_wait_ms, @partial_text)`)
  const conversationExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM conversations WHERE id = ?')
  const insertConversation = db.prepare<[string, string, number, number]>(
    'INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)'
  )
  // A range of the (conversation_id, seq) index: a send reads only the rows it has not seen.
  const historyRows = db.prepare<[string, number], HistoryRow>(
    'SELECT seq, role, content, status FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq'
  )
  const nextSeq = db.prepare<[string], { seq: number }>(
    'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM messages WHERE conversation_id = ?'
  )
  const userByKey = db.prepare<[string], MessageRow>("SELECT * FROM messages WHERE idempotency_key = ? AND role = 'user'")
  const answerAfter = db.prepare<[string, number], { id: string }>(
    "SELECT id FROM messages WHERE conversation_id = ? AND seq = ? AND role = 'assistant'"
  )
  const insert = db.prepare<[NewMessage]>(`
    INSERT INTO messages (id, conversation_id, seq, role, content, status, provider, model, created_at, completed_at, idempotency_key, owner_pid, owner_started_at)
    VALUES (@id, @conversation_id, @seq, @role, @content, @status, @provider, @model, @created_at, @completed_at, @idempotency_key, @owner_pid, @owner_started_at)`)
  const touch = db.prepare<[number, string]>('UPDATE conversations SET updated_at = ? WHERE id = ?')
  // Finished answers are left alone: a late save must not overwrite them.
  const progress = db.prepare<[string, string]>("UPDATE messages SET content = ? WHERE id = ? AND status = 'streaming'")
  const finishRow = db.prepare<[Record<string, string | number | null>]>(`
    UPDATE messages SET status = @status, content = @content, completed_at = @completed_at,
      first_token_ms = @first_token_ms, latency_ms = @latency_ms, input_tokens = @input_tokens,
      output_tokens = @output_tokens, finish_reason = @finish_reason, error_code = @error_code,
      error_message = @error_message, error_retryable = @error_retryable, owner_pid = NULL, owner_started_at = NULL,
      provider = COALESCE(@provider, provider), model = COALESCE(@model, model), tier = @tier
    WHERE id = @id`)

  const get = (id: string): Message | null => {
    const row = byId.get(id)
    return row ? toMessage(row, row.role === 'assistant' ? attemptsOf.all(id).map(toAttempt) : []) : null
  }
  const listFor = (conversationId: string): Message[] => {
    const byMessage = new Map<string, Attempt[]>()
    for (const a of attemptsInConversation.all(conversationId)) {
      const list = byMessage.get(a.message_id)
      if (list) list.push(toAttempt(a))
      else byMessage.set(a.message_id, [toAttempt(a)])
    }
    return byConversation.all(conversationId).map((row) => toMessage(row, byMessage.get(row.id)))
  }
  const notFound = () => new WorkbenchError('message_not_found', 'That message no longer exists; its conversation may have been deleted.')
  const mustGet = (id: string): Message => {
    const found = get(id)
    if (!found) throw notFound()
    return found
  }

  // IMMEDIATE takes the write lock up front: a deferred transaction that reads MAX(seq) and then
  // writes can fail with SQLITE_BUSY_SNAPSHOT when another process wrote in between.
  const insertTurn = db.transaction((turn: NewTurn) => {
    if (turn.newConversation) {
      insertConversation.run(turn.conversationId, turn.newConversation.title, turn.now, turn.now)
    } else if (!conversationExists.get(turn.conversationId)) {
      throw new WorkbenchError('conversation_not_found', 'That conversation no longer exists; it may have been deleted.')
    }
    if (turn.idempotencyKey !== null && userByKey.get(turn.idempotencyKey)) {
      throw new WorkbenchError('duplicate_request', 'This message was already sent; its answer is already in the conversation.')
    }
    const seq = nextSeq.get(turn.conversationId)?.seq ?? 1
    const common = { conversation_id: turn.conversationId, created_at: turn.now }
    const user: NewMessage = {
      ...common,
      id: randomUUID(),
      seq,
      role: 'user',
      content: turn.content,
      status: 'complete',
      provider: null,
      model: null,
      completed_at: turn.now,
      idempotency_key: turn.idempotencyKey,
      owner_pid: null,
      owner_started_at: null
    }
    const assistant: NewMessage = {
      ...common,
      id: randomUUID(),
      seq: seq + 1,
      role: 'assistant',
      content: '',
      status: 'streaming',
      provider: turn.provider,
      model: turn.model,
      completed_at: null,
      idempotency_key: null,
      owner_pid: turn.owner.pid,
      owner_started_at: Math.round(turn.owner.startedAt)
    }
    insert.run(user)
    insert.run(assistant)
    if (!turn.newConversation) touch.run(turn.now, turn.conversationId)
    // Built from what was written: re-reading both rows would only cost time before the first token.
    return { user: inserted(user), assistant: inserted(assistant) }
  })

  const appendAttempt = (id: string, a: Attempt): void => {
    insertAttempt.run({
      message_id: id,
      seq: 0, // assigned by the statement
      tier: a.tier,
      try: a.try,
      provider: a.provider,
      model: a.model,
      outcome: a.outcome,
      http_status: a.httpStatus,
      error_code: a.errorCode,
      message: a.message,
      started_at: Math.round(a.startedAt),
      latency_ms: Math.round(a.latencyMs),
      first_token_ms: ms(a.firstTokenMs),
      retry_wait_ms: Math.round(a.retryWaitMs),
      partial_text: a.partialText
    })
  }

  // The try that ended the answer and the answer's end: one commit after the stream.
  const finishTx = db.transaction((id: string, finish: MessageFinish, lastAttempt: Attempt | undefined) => {
    const { changes } = finishRow.run({
      id,
      status: finish.status,
      content: finish.content,
      completed_at: finish.completedAt,
      first_token_ms: ms(finish.firstTokenMs),
      latency_ms: ms(finish.latencyMs),
      input_tokens: finish.usage?.inputTokens ?? null,
      output_tokens: finish.usage?.outputTokens ?? null,
      finish_reason: finish.finishReason,
      error_code: finish.error?.code ?? null,
      error_message: finish.error?.message ?? null,
      error_retryable: finish.error ? Number(finish.error.retryable) : null,
      provider: finish.provider,
      model: finish.model,
      tier: finish.tier
    })
    if (changes === 0) throw notFound()
    if (lastAttempt) appendAttempt(id, lastAttempt)
  })

  return {
    listFor,
    get,
    insertTurn: (turn) => insertTurn.immediate(turn),
    historyAfter: (conversationId, afterSeq) => historyRows.all(conversationId, afterSeq),
    findTurn(idempotencyKey): TurnIds | null {
      const user = userByKey.get(idempotencyKey)
      const answer = user && answerAfter.get(user.conversation_id, user.seq + 1)
      if (!user || !answer) return null
      return { conversationId: user.conversation_id, userMessageId: user.id, assistantMessageId: answer.id }
    },
    saveProgress(id, content) {
      progress.run(content, id)
    },
    recordAttempt(id: string, a: Attempt) {
      appendAttempt(id, a)
    },
    finish(id, finish: MessageFinish, lastAttempt?: Attempt) {
      finishTx.immediate(id, finish, lastAttempt)
      return mustGet(id)
    },
    page: createMessagePager(db),
    recoverInterrupted: createInterruptedRecovery(db)
  }
}
