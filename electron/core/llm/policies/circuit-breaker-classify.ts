import type { AttemptOutcome } from '../../../../shared/types/domain'
import { isProviderError } from '../errors'
import { BreakerOpenError } from './circuit-breaker-open-error'

/** Maps what a call threw to the outcome the breaker counts, with a short message. */
export type Classify = (err: unknown, signal: AbortSignal) => { outcome: AttemptOutcome; message: string | null }

/**
 * A coarse fallback for policy() when the client does not pass its own classifier: it cannot
 * tell the four timeouts apart (they all count the same) nor a stream broken after text.
 */
export const defaultClassify: Classify = (err, signal) => {
  const message = err instanceof Error ? err.message : String(err)
  if (signal.aborted) return { outcome: 'aborted', message }
  if (err instanceof BreakerOpenError) return { outcome: 'breaker-open', message }
  if (!isProviderError(err)) {
    // Adapters throw only ProviderError, so anything else is our own bug: not the target's fault.
    return { outcome: 'config', message }
  }
  switch (err.failure) {
    case 'http':
      if (err.status === 429) return { outcome: 'http-429', message }
      // A status-less error event inside a stream (stream_error) is the server failing mid-answer.
      if (err.status === null || err.status >= 500) return { outcome: 'http-5xx', message }
      return { outcome: 'http-4xx', message }
    case 'network':
      return { outcome: 'network', message }
    case 'timeout':
      return { outcome: 'timeout-total', message }
    case 'protocol':
      return { outcome: 'protocol', message }
    case 'aborted':
      return { outcome: 'aborted', message }
    case 'config':
      return { outcome: 'config', message }
  }
}
