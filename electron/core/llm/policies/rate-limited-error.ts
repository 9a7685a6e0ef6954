import { WorkbenchError } from '../../../../shared/errors'

/** Our own rate limit would have made this request wait longer than allowed: try the next target. */
export class RateLimitedError extends WorkbenchError {
  constructor(
    readonly provider: string,
    readonly waitMs: number
  ) {
    super('rate_limited', `Our own rate limit for ${provider} would have meant waiting ${Math.ceil(waitMs / 1000)} s.`, { retryable: true })
    this.name = 'RateLimitedError'
  }
}
