import OpenAI from 'openai'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { abortedError, streamIncompleteError, toProviderError } from '../map-error'
import type { ChatProvider, FinishReason, ProviderEndpoint, StreamChunk, StreamRequest } from '../types'
import { DEFAULT_BASE_URLS, beginCall, clientCache, finishReasonOf } from './provider-kit'

const FINISH_REASONS: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter'
}

/**
 * OpenAI and any OpenAI-compatible server (LM Studio, vLLM, llama.cpp...) through the official SDK.
 * A compatible endpoint may have no key; OpenAI itself must have one.
 */
export function createOpenAIProvider(endpoint: ProviderEndpoint): ChatProvider {
  const isOpenAI = endpoint.kind === 'openai'
  const clientFor = clientCache(
    (key) =>
      new OpenAI({
        // The SDK refuses to build without a key; for a keyless compatible server we pass a
        // placeholder and then drop the Authorization header it would produce.
        apiKey: key ?? 'no-key',
        defaultHeaders: key === null ? { Authorization: null } : undefined,
        baseURL: endpoint.baseUrl ?? DEFAULT_BASE_URLS.openai,
        organization: null,
        project: null,
        maxRetries: 0, // the resilience layer owns retries
        logLevel: 'off', // the SDK would log unparseable chunks, raw, to the console
        fetch: endpoint.fetch
      })
  )

  return {
    id: endpoint.id,
    kind: endpoint.kind,

    async *stream(request: StreamRequest): AsyncIterable<StreamChunk> {
      const { signal } = request
      const call = await beginCall(endpoint, isOpenAI, signal)
      let finish: FinishReason | null = null
      let usage: StreamChunk | null = null
      try {
        const stream = await clientFor(call.key).chat.completions.create(
          {
            model: request.model,
            messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
            stream: true,
            stream_options: { include_usage: true },
            // OpenAI's newer models only accept max_completion_tokens; compatible servers know max_tokens.
            ...(request.maxTokens === undefined ? {} : isOpenAI ? { max_completion_tokens: request.maxTokens } : { max_tokens: request.maxTokens })
          },
          { signal }
        )
        for await (const chunk of stream) {
          if (chunk.usage) usage = { type: 'usage', inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens }
          const choice = chunk.choices[0]
          if (!choice) continue
          yield* piecesOf(choice.delta)
          if (choice.finish_reason) finish = finishReasonOf(choice.finish_reason, FINISH_REASONS)
        }
      } catch (err) {
        throw toProviderError(err, call.errors)
      }
      // The SDK ends an aborted stream quietly instead of throwing.
      if (signal.aborted) throw abortedError(call.errors)
      // No finish_reason means the stream stopped before its end; [DONE] is not visible through the SDK.
      if (finish === null) throw streamIncompleteError(call.errors)
      if (usage) yield usage
      yield { type: 'finish', reason: finish }
    },

    async listModels(signal: AbortSignal): Promise<string[]> {
      const call = await beginCall(endpoint, isOpenAI, signal)
      try {
        const ids: string[] = []
        for await (const model of clientFor(call.key).models.list({ signal })) ids.push(model.id)
        // Everything listed: the model catalog (chat-models.ts) leaves out what cannot chat, for every provider.
        return ids.sort()
      } catch (err) {
        throw toProviderError(err, call.errors)
      }
    }
  }
}

function* piecesOf(delta: ChatCompletionChunk.Choice.Delta | undefined): Generator<StreamChunk> {
  if (delta?.content) yield { type: 'text', text: delta.content }
  for (const call of delta?.tool_calls ?? []) {
    yield { type: 'tool-call', index: call.index, id: call.id, name: call.function?.name, argumentsDelta: call.function?.arguments }
  }
}
