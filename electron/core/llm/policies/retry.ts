import type { ClassifiedFailure } from './classify'
import { realSleep, type Policy, type Sleep } from './policy'
import { decideRetry, type RetryOptions } from './retry-table'

/**
 * What retryPolicy throws when it gives a target up: the last try's error (as `cause`), how it
 * was classified, and the decision. `phase` is 'wait' when the caller aborted during a retry wait
 * (or between tries): no request belongs to that failure, so it is not an extra Attempt.
 */
export class TargetFailedError extends Error {
  readonly failure: ClassifiedFailure
  readonly decision: { action: 'next-target' | 'stop'; reason: string }
  /** The try the failure belongs to (1-based); for phase 'wait', the try whose retry was waiting. */
  readonly tryNo: number
  readonly phase: 'try' | 'wait'

  constructor(init: { cause: unknown; failure: ClassifiedFailure; decision: TargetFailedError['decision']; tryNo: number; phase: 'try' | 'wait' }) {
    super(init.failure.message, { cause: init.cause })
    this.name = 'TargetFailedError'
    this.failure = init.failure
    this.decision = init.decision
    this.tryNo = init.tryNo
    this.phase = init.phase
  }
}

export function isTargetFailedError(err: unknown): err is TargetFailedError {
  return err instanceof TargetFailedError
}

export interface RetryPolicyOptions extends RetryOptions {
  hasNextTarget: boolean
  /** Defaults to realSleep; must resolve false at once when the signal fires. */
  sleep?: Sleep
  /** Classifies a failed try; `signal` is the caller's (use it to tell Stop from a timeout). */
  classify: (err: unknown, signal: AbortSignal) => ClassifiedFailure
  /** Called as each try begins, before fn: start the try's record here (its clock, its text). */
  onTry?: (tryNo: number) => void
  /** Called for each failed try that will be retried, before the wait: record the Attempt here. */
  onRetry?: (failure: ClassifiedFailure, delayMs: number, tryNo: number) => void
}

/**
 * Retries one target as RETRY_TABLE says. Every failed try is observable: the retried ones
 * through onRetry (with the wait that follows), the last one as the TargetFailedError thrown.
 * The caller's abort cancels a pending wait at once; no further request is made.
 */
export function retryPolicy(options: RetryPolicyOptions): Policy {
  const sleep = options.sleep ?? realSleep
  return {
    async execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
      for (let tryNo = 1; ; tryNo++) {
        let failure: ClassifiedFailure
        let cause: unknown
        options.onTry?.(tryNo)
        try {
          return await fn(signal)
        } catch (err) {
          cause = err
          failure = options.classify(err, signal)
        }
        const decision = decideRetry({ ...failure, tryNo, hasNextTarget: options.hasNextTarget }, options)
        if (decision.action !== 'retry') throw new TargetFailedError({ cause, failure, decision, tryNo, phase: 'try' })
        options.onRetry?.(failure, decision.delayMs, tryNo)
        const waited = decision.delayMs <= 0 ? !signal.aborted : await sleep(decision.delayMs, signal)
        if (!waited || signal.aborted) {
          throw new TargetFailedError({
            cause: signal.reason,
            failure: { outcome: 'aborted', httpStatus: null, errorCode: 'aborted', message: 'Stopped while waiting to retry.', retryAfterMs: null, networkCode: null },
            decision: { action: 'stop', reason: 'the user stopped it during a retry wait' },
            tryNo,
            phase: 'wait'
          })
        }
      }
    }
  }
}
