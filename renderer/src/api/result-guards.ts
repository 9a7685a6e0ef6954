import type { Result } from '../../../shared/ipc/contract'
import type { ErrorData } from '../../../shared/types/domain'

/** Whether a value from the wire has the shape of a Result. */
export function isResult(value: unknown): value is Result<unknown> {
  if (!value || typeof value !== 'object') return false
  const r = value as { ok?: unknown; error?: unknown }
  return r.ok === true || (r.ok === false && isErrorData(r.error))
}

/** Whether a value from the wire is a failed Result. */
export function isFailure(value: unknown): value is { ok: false; error: ErrorData } {
  return isResult(value) && !value.ok
}

/** Whether a value from the wire has the shape of ErrorData. */
export function isErrorData(value: unknown): value is ErrorData {
  if (!value || typeof value !== 'object') return false
  const e = value as Record<string, unknown>
  return typeof e.code === 'string' && typeof e.message === 'string' && typeof e.retryable === 'boolean'
}
