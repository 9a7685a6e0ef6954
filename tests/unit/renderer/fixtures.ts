import type { Attempt, Message } from '../../../shared/types/domain'

/** An assistant message as the core sends it, with whatever fields the test cares about. */
export function assistantMessage(fields: Partial<Message> & Pick<Message, 'id' | 'status' | 'content'>): Message {
  return {
    conversationId: 'c1', role: 'assistant', provider: null, model: null, createdAt: 1, completedAt: null,
    firstTokenMs: null, latencyMs: null, usage: null, finishReason: null, error: null, tier: null, attempts: [], ...fields
  }
}

/** One try, ok unless told otherwise. */
export function attempt(fields: Partial<Attempt> & Pick<Attempt, 'tier' | 'provider' | 'model'>): Attempt {
  return {
    try: 1, outcome: 'ok', httpStatus: null, errorCode: null, message: null, startedAt: 0,
    latencyMs: 100, firstTokenMs: null, retryWaitMs: 0, partialText: null, ...fields
  }
}
