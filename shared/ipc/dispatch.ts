import type { z } from 'zod'
import { describeIssues } from '../describe-issues'
import type { ErrorData } from '../types/domain'
import { type Handlers, isRequestChannel, requests, type Result } from './contract'
import { toErrorData } from '../errors'

/**
 * Validates one untrusted request and runs its handler. Every door calls this and nothing
 * else, so a malformed payload is refused the same way everywhere, before any handler runs.
 */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  if (!isRequestChannel(channel)) {
    return { ok: false, error: { code: 'unknown_channel', message: `Unknown request "${String(channel).slice(0, 80)}".`, retryable: false } }
  }
  const parsed = requests[channel].input.safeParse(payload ?? {})
  if (!parsed.success) {
    return { ok: false, error: invalidPayload(channel, parsed.error, payload ?? {}) }
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (err) {
    return { ok: false, error: toErrorData(err) }
  }
}

/** A sentence that names the request and each field, e.g. `conversations.get: "id" is required (expected text).` */
function invalidPayload(channel: string, error: z.ZodError, payload: unknown): ErrorData {
  return { code: 'invalid_payload', message: `${channel}: ${describeIssues(error.issues, payload)}`, retryable: false }
}
