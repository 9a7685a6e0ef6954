import Anthropic from '@anthropic-ai/sdk'
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages'
import { abortedError, streamIncompleteError, toProviderError } from '../map-error'
import type { ChatProvider, ChatTurn, FinishReason, ProviderEndpoint, StreamChunk, StreamRequest } from '../types'
import { DEFAULT_BASE_URLS, beginCall, clientCache, finishReasonOf } from './provider-kit'

const FINISH_REASONS: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter'
}

/** The Messages API requires max_tokens; this is the cap when the caller sets none. */
const DEFAULT_MAX_TOKENS = 4096

/** Anthropic's Messages API through the official SDK; system turns travel in the `system` param. */
export function createAnthropicProvider(endpoint: ProviderEndpoint): ChatProvider {
  const clientFor = clientCache(
    (key) =>
      new Anthropic({
        apiKey: key, // never null here: beginCall demands a key
        baseURL: endpoint.baseUrl ?? DEFAULT_BASE_URLS.anthropic,
        maxRetries: 0, // the resilience layer owns retries
        logLevel: 'off', // the SDK would log unparseable events, raw, to the console
        openTelemetry: false,
        fetch: endpoint.fetch
      })
  )

  return {
    id: endpoint.id,
    kind: endpoint.kind,

    async *stream(request: StreamRequest): AsyncIterable<StreamChunk> {
      const { signal } = request
      const call = await beginCall(endpoint, true, signal)
      const usage = { inputTokens: 0, outputTokens: 0 }
      let stopReason: string | null = null
      let stopped = false
      try {
        const { system, messages } = splitSystem(request.messages)
        const stream = await clientFor(call.key).messages.create(
          {
            model: request.model,
            max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
            ...(system === null ? {} : { system }),
            messages,
            stream: true
          },
          { signal }
        )
        for await (const event of stream) {
          yield* piecesOf(event)
          if (event.type === 'message_start') {
            const u = event.message.usage
            // input_tokens excludes cached prompt tokens; the caller wants the whole prompt.
            usage.inputTokens = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0)
            usage.outputTokens = u.output_tokens
          } else if (event.type === 'message_delta') {
            stopReason = event.delta.stop_reason ?? stopReason
            usage.outputTokens = event.usage.output_tokens // cumulative, not a delta
          } else if (event.type === 'message_stop') {
            stopped = true
          }
        }
      } catch (err) {
        throw toProviderError(err, call.errors)
      }
      // The SDK ends an aborted stream quietly instead of throwing.
      if (signal.aborted) throw abortedError(call.errors)
      if (!stopped) throw streamIncompleteError(call.errors)
      yield { type: 'usage', ...usage }
      yield { type: 'finish', reason: finishReasonOf(stopReason, FINISH_REASONS) }
    },

    async listModels(signal: AbortSignal): Promise<string[]> {
      const call = await beginCall(endpoint, true, signal)
      try {
        const ids: string[] = []
        for await (const model of clientFor(call.key).models.list({ limit: 1000 }, { signal })) ids.push(model.id)
        return ids
      } catch (err) {
        throw toProviderError(err, call.errors)
      }
    }
  }
}

function* piecesOf(event: RawMessageStreamEvent): Generator<StreamChunk> {
  if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
    yield { type: 'tool-call', index: event.index, id: event.content_block.id, name: event.content_block.name }
  } else if (event.type === 'content_block_delta') {
    if (event.delta.type === 'text_delta') yield { type: 'text', text: event.delta.text }
    if (event.delta.type === 'input_json_delta') yield { type: 'tool-call', index: event.index, argumentsDelta: event.delta.partial_json }
  }
}

function splitSystem(turns: ChatTurn[]): { system: string | null; messages: Array<{ role: 'user' | 'assistant'; content: string }> } {
  const system = turns.filter((t) => t.role === 'system').map((t) => t.content)
  const messages = turns.flatMap((t) => (t.role === 'system' ? [] : [{ role: t.role, content: t.content }]))
  return { system: system.length > 0 ? system.join('\n\n') : null, messages }
}
