import type { ErrorData } from './types/domain'

/**
 * An error meant for the user: a stable code, a message that says what to do, and whether
 * trying again could help. Services throw it; doors turn it into ErrorData.
 */
export class WorkbenchError extends Error {
  readonly code: string
  readonly retryable: boolean

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'WorkbenchError'
    this.code = code
    this.retryable = options.retryable ?? false
  }
}

export function isWorkbenchError(err: unknown): err is WorkbenchError {
  return err instanceof WorkbenchError
}

/** Anything thrown becomes plain data; unknown errors keep their message but not their stack. */
export function toErrorData(err: unknown): ErrorData {
  if (isWorkbenchError(err)) return { code: err.code, message: err.message, retryable: err.retryable }
  if (err instanceof Error) return { code: 'internal', message: err.message, retryable: false }
  return { code: 'internal', message: String(err), retryable: false }
}
