import { isWorkbenchError } from '../../../shared/errors'
import type { ErrorData, Message } from '../../../shared/types/domain'
import type { RouteResult } from '../llm/resilient-client'

/**
 * The end of an answer whose route threw instead of returning a result. The client turns every
 * provider failure into a result; what still throws is a fault of the workbench (a provider
 * removed between resolving the route and calling it, settings that cannot be read, a bug).
 * The text already shown is kept, as partial.
 */
export function answerThatThrew(err: unknown, shown: string, latencyMs: number): RouteResult {
  return {
    outcome: shown ? 'partial' : 'failed',
    served: null,
    text: shown,
    usage: null,
    finishReason: null,
    firstTokenMs: null,
    latencyMs,
    error: sentenceFor(err),
    attempts: []
  }
}

/**
 * What clients are told when even storing the end of an answer failed (a full disk): the
 * answer as it started, failed, so no client waits on it forever. The row itself is set
 * right by recovery at the next start.
 */
export function unstoredEnd(started: Message, err: unknown, at: number): Message {
  const reason = err instanceof Error ? err.message : String(err)
  return {
    ...started,
    status: 'failed',
    completedAt: at,
    error: { code: 'store_failed', message: `The end of this answer could not be saved (${reason}). Check the free disk space, then send again.`, retryable: true }
  }
}

function sentenceFor(err: unknown): ErrorData {
  if (isWorkbenchError(err)) return { code: err.code, message: err.message, retryable: err.retryable }
  const reason = err instanceof Error ? err.message : String(err)
  return { code: 'internal', message: `The answer stopped because of a fault in the workbench (${reason}). Send again; if it repeats, please report it.`, retryable: true }
}
