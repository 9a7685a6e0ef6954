import { z } from 'zod'
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
    return { ok: false, error: invalidPayload(channel, parsed.error) }
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (err) {
    return { ok: false, error: toErrorData(err) }
  }
}

function invalidPayload(channel: string, error: z.ZodError): ErrorData {
  const details = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`)
    .join('; ')
  return { code: 'invalid_payload', message: `Invalid payload for "${channel}": ${details}`, retryable: false }
}
