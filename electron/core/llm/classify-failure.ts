import { isWorkbenchError } from '../../../shared/errors'
import { BreakerOpenError } from './policies/circuit-breaker-open-error'
import { classify, type ClassifiedFailure } from './policies/classify'
import { RateLimitedError } from './policies/rate-limited-error'

export type Failure = ClassifiedFailure

/**
 * classify() for everything a try can throw, including our own policies' refusals: an open
 * breaker and our rate limit become skip outcomes, a full bulkhead queue counts as rate-limited.
 */
export function classifyFailure(err: unknown, signal: AbortSignal, tokensReceived: boolean): Failure {
  if (!signal.aborted) {
    if (err instanceof BreakerOpenError) return own('breaker-open', err.code, err.message)
    if (err instanceof RateLimitedError) return own('rate-limited', err.code, err.message)
    if (isWorkbenchError(err) && err.code === 'bulkhead_full') return own('rate-limited', err.code, err.message)
  }
  return classify(err, { signal, tokensReceived })
}

function own(outcome: Failure['outcome'], errorCode: string, message: string): Failure {
  return { outcome, httpStatus: null, errorCode, message, retryAfterMs: null, networkCode: null }
}
