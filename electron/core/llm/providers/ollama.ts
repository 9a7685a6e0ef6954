import { Ollama, type AbortableAsyncIterator, type ChatResponse } from 'ollama'
import { abortedError, streamError, streamIncompleteError, toProviderError, type ErrorContext } from '../map-error'
import type { ChatProvider, FinishReason, ProviderEndpoint, StreamChunk, StreamRequest } from '../types'
import { DEFAULT_BASE_URLS, beginCall, finishReasonOf } from './provider-kit'

const FINISH_REASONS: Record<string, FinishReason> = { stop: 'stop', length: 'length' }

/** What ollama-js throws when the NDJSON stream ends before a done:true line. */
const NO_DONE_MESSAGE = 'Did not receive done or success response in stream.'

/**
 * A local (or remote) Ollama server through the `ollama` package. Keys are optional; when one is
 * set it is sent as a bearer token, which is what Ollama's cloud and auth proxies expect.
 */
export function createOllamaProvider(endpoint: ProviderEndpoint): ChatProvider {
  // ollama-js takes no AbortSignal per call and drops response headers from its errors, so each
  // call gets a client whose fetch carries the signal and remembers the headers for Retry-After.
  const clientFor = (key: string | null, ctx: ErrorContext): Ollama =>
    new Ollama({
      host: endpoint.baseUrl ?? DEFAULT_BASE_URLS.ollama,
      fetch: observed(endpoint.fetch ?? fetch, ctx),
      headers: key === null ? undefined : { Authorization: `Bearer ${key}` }
    })

  return {
    id: endpoint.id,
    kind: endpoint.kind,

    async *stream(request: StreamRequest): AsyncIterable<StreamChunk> {
      const { signal } = request
      const call = await beginCall(endpoint, false, signal)
      let final: ChatResponse | null = null
      let parts: AbortableAsyncIterator<ChatResponse> | null = null
      try {
        const started = await clientFor(call.key, call.errors).chat({
          model: request.model,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          stream: true,
          ...(request.maxTokens === undefined ? {} : { options: { num_predict: request.maxTokens } })
        })
        parts = started
        for await (const part of started) {
          if (part.message.content) yield { type: 'text', text: part.message.content }
          // Ollama sends each tool call whole, so arguments come as one complete delta.
          for (const [index, tool] of (part.message.tool_calls ?? []).entries()) {
            yield { type: 'tool-call', index, name: tool.function.name, argumentsDelta: JSON.stringify(tool.function.arguments) }
          }
          if (part.done) final = part
        }
      } catch (err) {
        throw streamFailure(err, call.errors)
      } finally {
        // ollama-js does not cancel the body when iteration stops early; abort so the socket closes.
        if (final === null) parts?.abort()
      }
      if (signal.aborted) throw abortedError(call.errors)
      if (final === null) throw streamIncompleteError(call.errors)
      yield { type: 'usage', inputTokens: final.prompt_eval_count ?? 0, outputTokens: final.eval_count ?? 0 }
      yield { type: 'finish', reason: final.done_reason ? finishReasonOf(final.done_reason, FINISH_REASONS) : 'stop' }
    },

    async listModels(signal: AbortSignal): Promise<string[]> {
      const call = await beginCall(endpoint, false, signal)
      try {
        const { models } = await clientFor(call.key, call.errors).list()
        return models.map((m) => m.name)
      } catch (err) {
        throw toProviderError(err, call.errors)
      }
    }
  }
}

/**
 * ollama-js turns an in-stream {"error": ...} line and a missing done:true line into plain
 * Errors; tell them apart from transport failures before the generic mapping.
 */
function streamFailure(err: unknown, ctx: ErrorContext): Error {
  if (ctx.signal?.aborted) return abortedError(ctx)
  const plain = err instanceof Error && err.constructor === Error
  if (plain && err.message === NO_DONE_MESSAGE) return streamIncompleteError(ctx)
  if (plain) return streamError(ctx, err.message, null)
  return toProviderError(err, ctx)
}

function observed(base: typeof fetch, ctx: ErrorContext): typeof fetch {
  return async (input, init) => {
    const signal = ctx.signal && init?.signal ? AbortSignal.any([init.signal, ctx.signal]) : (ctx.signal ?? init?.signal)
    const response = await base(input, { ...init, signal })
    ctx.responseHeaders = response.headers
    return response
  }
}
