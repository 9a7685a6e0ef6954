import type { ProviderLimits, Timeouts } from '../../../shared/types/settings'
import { currentAttempt } from './policies/attempt-context'
import type { Bulkheads } from './policies/bulkhead'
import type { Priority, Target } from './policies/policy'
import type { RateLimiter } from './policies/rate-limiter'
import { RateLimitedError } from './policies/rate-limited-error'
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

export interface TryDeps {
  rateLimiter: RateLimiter
  bulkheads: Bulkheads
  now: () => number
}

export interface TryInput {
  provider: ChatProvider
  target: Target
  history: ChatTurn[]
  limits: ProviderLimits
  timeouts: Timeouts
  priority: Priority
  signal: AbortSignal
  onText: (text: string) => void
}

/**
 * One try at one target: wait for our own rate limit, then a concurrency slot, then stream under
 * the timeouts. Throws on failure; `state` keeps what arrived so a broken stream loses nothing.
 */
export async function runTry(deps: TryDeps, input: TryInput, state: TryState): Promise<void> {
  const estimate = estimateTokens(input.history)
  const lease = await deps.rateLimiter.acquire(input.target.provider, input.limits, estimate, input.priority, input.signal)
  if ('limited' in lease) throw new RateLimitedError(input.target.provider, lease.waitMs)
  try {
    await deps.bulkheads
      .policy(input.target.provider, input.limits.maxConcurrent, input.priority)
      .execute((slotSignal) => timeoutPolicy(input.timeouts).execute((signal) => consume(input, state, signal, deps.now), slotSignal), input.signal)
  } finally {
    lease.settle(state.usage ? state.usage.inputTokens + state.usage.outputTokens : estimate)
  }
}

async function consume(input: TryInput, state: TryState, signal: AbortSignal, now: () => number): Promise<void> {
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
