import type { ChatTurn } from '../types'

/** English text runs about 4 characters per token with the OpenAI and Anthropic tokenizers. */
const CHARS_PER_TOKEN = 4
/** Role markers and separators around each message (OpenAI's cookbook counts 3 to 4). */
const TOKENS_PER_MESSAGE = 4
/** The reply's priming ("<|start|>assistant"). */
const TOKENS_PER_REQUEST = 3
/** Output expected when the request sets no maxTokens; the real usage corrects the bucket afterwards. */
export const DEFAULT_OUTPUT_ALLOWANCE = 512
/** Reserving a large maxTokens in full would stall the bucket for output that rarely comes. */
export const MAX_OUTPUT_ALLOWANCE = 1024

/**
 * Tokens a request will use, guessed before sending for the tokens-per-minute bucket: about
 * chars/4 of every message, a few per message, plus an output allowance of
 * min(maxTokens ?? 512, 1024). No tokenizer: it must cost microseconds, and settle() corrects
 * the bucket from the reported usage (code and CJK text run denser, so they are underestimated).
 */
export function estimateTokens(messages: readonly Pick<ChatTurn, 'content'>[], maxTokens?: number): number {
  let chars = 0
  for (const message of messages) chars += message.content.length
  const input = Math.ceil(chars / CHARS_PER_TOKEN) + messages.length * TOKENS_PER_MESSAGE + TOKENS_PER_REQUEST
  const wanted = maxTokens ?? DEFAULT_OUTPUT_ALLOWANCE
  return input + Math.max(0, Math.min(wanted, MAX_OUTPUT_ALLOWANCE))
}
