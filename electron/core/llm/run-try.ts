import type { ProviderLimits, Timeouts } from '../../../shared/types/settings'
import { currentAttempt } from './policies/attempt-context'
import type { Bulkheads } from './policies/bulkhead'
import type { CircuitBreakers } from './policies/circuit-breaker'
import { composePolicies, type Policy, type Priority, type Target } from './policies/policy'
import type { RateLimiter } from './policies/rate-limiter'
import { timeoutPolicy } from './policies/timeout'
import { estimateTokens } from './policies/token-estimate'
import type { ChatProvider, ChatTurn, FinishReason } from './types'

/** What one try produced, whether it succeeded or not: the recorder reads it either way. */
export interface TryState {
  startedAt: number
  text: string
  firstTokenMs: number | null
  usage: { inputTokens: number; outputTokens: number } | null
  finishReason: FinishReason | null
}

/** The layers around one target's tries, by name; targetPolicy nests them in the one order they run. */
export interface TargetLayers {
  retry: Policy
  breaker: Policy
  rateLimit: Policy
  bulkhead: Policy
  timeout: Policy
}

/**
 * THE composition of the resilience policies, written once. Outermost first, which is the order
 * each try enters them:
 *
 *   retry → breaker → rate limit → bulkhead → timeout → the stream
 *
 * - retry outermost: every try passes all the other layers again, so each try is counted by the
 *   breaker, takes its own rate-limit tokens and slot, and gets a fresh time budget; a breaker that
 *   opens between tries ends the retries (BreakerOpenError is a skip in RETRY_TABLE).
 * - breaker before the queues: an open breaker costs no time, no token and no slot.
 * - rate limit before the bulkhead: a request waiting for its tokens does not hold a concurrency slot.
 * - timeout innermost: time spent in our own queues is not charged to the provider.
 * The offline check is not a layer: a target skipped as offline is never entered at all.
 */
export function targetPolicy(layers: TargetLayers): Policy {
  return composePolicies([layers.retry, layers.breaker, layers.rateLimit, layers.bulkhead, layers.timeout])
}

export interface TargetDeps {
  breakers: CircuitBreakers
  rateLimiter: RateLimiter
  bulkheads: Bulkheads
  now: () => number
}

export interface TargetInput {
  provider: ChatProvider
  target: Target
  history: ChatTurn[]
  limits: ProviderLimits
  timeouts: Timeouts
  priority: Priority
  /** The caller's signal (Stop). */
  signal: AbortSignal
  onText: (text: string) => void
  /** The retry policy, built by the client because it records each failed try as an Attempt. */
  retry: Policy
  /** The current try's state: the retry policy's onTry starts a fresh one, the stream fills it. */
  state: () => TryState
}

/**
 * Every try at one target, under targetPolicy. Throws what the retry policy throws when it gives
 * the target up; the current state keeps what arrived so a broken stream loses nothing.
 */
export async function runTarget(deps: TargetDeps, input: TargetInput): Promise<void> {
  const { target, limits, priority } = input
  const estimate = estimateTokens(input.history)
  // Our estimate is corrected from the usage the provider reported, once the try is over.
  const usedTokens = () => {
    const usage = input.state().usage
    return usage ? usage.inputTokens + usage.outputTokens : estimate
  }
  const policy = targetPolicy({
    retry: input.retry,
    breaker: deps.breakers.policy(target),
    rateLimit: deps.rateLimiter.policy(target.provider, limits, estimate, priority, undefined, usedTokens),
    bulkhead: deps.bulkheads.policy(target.provider, limits.maxConcurrent, priority),
    timeout: timeoutPolicy(input.timeouts)
  })
  await policy.execute((signal) => consume(input, input.state(), signal, deps.now), input.signal)
}

async function consume(input: TargetInput, state: TryState, signal: AbortSignal, now: () => number): Promise<void> {
  // The timeout policy runs us as the current attempt: chunks tell it the stream is alive.
  const progress = currentAttempt()
  for await (const chunk of input.provider.stream({ model: input.target.model, messages: input.history, signal })) {
    // Once the try is given up (timeout, Stop), late chunks must not reach the answer.
    if (signal.aborted) break
    progress?.markChunk()
    if (chunk.type === 'text' && chunk.text) {
      state.firstTokenMs ??= now() - state.startedAt
      state.text += chunk.text
      input.onText(chunk.text)
    } else if (chunk.type === 'usage') {
      state.usage = { inputTokens: chunk.inputTokens, outputTokens: chunk.outputTokens }
    } else if (chunk.type === 'finish') {
      state.finishReason = chunk.reason
    }
  }
}
