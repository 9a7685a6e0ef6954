import type { ProviderKind, Role } from '../../../shared/types/domain'

/** One turn of the conversation as sent to a provider. */
export interface ChatTurn {
  role: Role
  content: string
}

export interface StreamRequest {
  /** The provider's own model name, without the "provider:" prefix. */
  model: string
  messages: ChatTurn[]
  maxTokens?: number
  signal: AbortSignal
}

/** Why a stream ended, normalised across providers. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other'

/** The provider-neutral pieces of a streamed answer. */
export type StreamChunk =
  | { type: 'text'; text: string }
  | { type: 'tool-call'; index: number; id?: string; name?: string; argumentsDelta?: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'finish'; reason: FinishReason }

/**
 * One streaming interface for every provider. Adapters turn the SDK's retries off: the
 * resilience layer owns retries. A stream that ends without a 'finish' chunk was cut off.
 * Errors thrown are ProviderError (see errors.ts), never raw SDK errors, so keys cannot leak.
 */
export interface ChatProvider {
  readonly id: string
  readonly kind: ProviderKind
  stream(request: StreamRequest): AsyncIterable<StreamChunk>
  /** The provider's model names, for the picker. */
  listModels(signal: AbortSignal): Promise<string[]>
}

/** What an adapter needs to talk to its endpoint; the key is read per request so rotation needs no restart. */
export interface ProviderEndpoint {
  id: string
  kind: ProviderKind
  baseUrl: string | null
  apiKey: () => Promise<string | null>
  /** Injected so tests and the resilience layer can observe or wrap requests. */
  fetch?: typeof fetch
}
