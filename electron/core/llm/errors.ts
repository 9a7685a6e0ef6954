import { WorkbenchError } from '../../../shared/errors'

/** How a provider call failed, in terms the retry table and the UI understand. */
export type ProviderFailure =
  | 'http' // the server answered with an error status
  | 'network' // refused, reset, DNS: nothing or not all came back
  | 'timeout'
  | 'aborted' // the user stopped it
  | 'protocol' // the server answered with something we could not parse
  | 'config' // missing key, unknown model, bad base URL

/** The only error adapters throw. Its message is scrubbed of secrets before it is built. */
export class ProviderError extends WorkbenchError {
  readonly provider: string
  readonly failure: ProviderFailure
  readonly status: number | null
  /** From Retry-After / retry-after-ms when the server sent one. */
  readonly retryAfterMs: number | null
  /** The socket error behind a 'network' failure (ECONNREFUSED, ENOTFOUND, ECONNRESET…): tells offline from flaky. */
  readonly networkCode: string | null

  constructor(init: {
    provider: string
    failure: ProviderFailure
    message: string
    status?: number | null
    retryAfterMs?: number | null
    networkCode?: string | null
    retryable?: boolean
    code?: string
  }) {
    const status = init.status ?? null
    super(init.code ?? codeFor(init.failure, status), init.message, { retryable: init.retryable ?? false })
    this.name = 'ProviderError'
    this.provider = init.provider
    this.failure = init.failure
    this.status = status
    this.retryAfterMs = init.retryAfterMs ?? null
    this.networkCode = init.networkCode ?? null
  }
}

export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError
}

function codeFor(failure: ProviderFailure, status: number | null): string {
  if (failure === 'http' && status !== null) return `http_${status}`
  return `provider_${failure}`
}
