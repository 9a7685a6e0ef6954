import type { Attempt, Message } from '../../shared/types/domain'

/**
 * "served by ollama:llama3.2 · openai:gpt-4o-mini network, anthropic:claude-haiku-4-5 breaker-open"
 * when the answer did not come from the first target of its route (the model asked for, or the
 * route's first); null when it did. Outcomes are the attempt codes the --json output carries.
 */
export function servedByNotice(message: Pick<Message, 'provider' | 'model' | 'tier' | 'attempts'>): string | null {
  if (message.tier === null || message.tier === 0 || message.provider === null || message.model === null) return null
  const lastPerTier = new Map<number, Attempt>()
  for (const a of message.attempts) if (a.tier < message.tier) lastPerTier.set(a.tier, a)
  const before = [...lastPerTier.values()].map((a) => `${a.provider}:${a.model} ${a.outcome}${a.httpStatus !== null && a.outcome !== 'http-429' ? ` (${a.httpStatus})` : ''}`)
  return `served by ${message.provider}:${message.model}${before.length > 0 ? ` · ${before.join(', ')}` : ''}`
}
