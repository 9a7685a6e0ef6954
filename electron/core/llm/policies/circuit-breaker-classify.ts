import type { AttemptOutcome } from '../../../../shared/types/domain'
import { classify } from './classify'
import { BreakerOpenError } from './circuit-breaker-open-error'

/** Maps what a call threw to the outcome the breaker counts, with a short message. */
export type Classify = (err: unknown, signal: AbortSignal) => { outcome: AttemptOutcome; message: string | null }

/**
 * The breaker's default view of a failure: the same classification the retry table uses, so the
 * two never disagree about what a failure was. (The client passes classifyFailure, which adds
 * its own refusals such as our rate limit.)
 */
export const defaultClassify: Classify = (err, signal) => {
  if (!signal.aborted && err instanceof BreakerOpenError) return { outcome: 'breaker-open', message: err.message }
  const failure = classify(err, { signal, tokensReceived: false })
  return { outcome: failure.outcome, message: failure.message }
}
