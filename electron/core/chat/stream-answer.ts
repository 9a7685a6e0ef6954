import { toErrorData } from '../../../shared/errors'
import type { ErrorData, Usage } from '../../../shared/types/domain'
import { isProviderError } from '../llm/errors'
import type { ChatProvider, ChatTurn, FinishReason } from '../llm/types'

export interface StreamAnswerInput {
  provider: ChatProvider
  model: string
  history: ChatTurn[]
  signal: AbortSignal
  now: () => number
  onText: (text: string, soFar: string) => void
}

export interface StreamedAnswer {
  outcome: 'complete' | 'partial' | 'failed'
  text: string
  usage: Usage | null
  finishReason: FinishReason | null
  firstTokenMs: number | null
  latencyMs: number
  error: ErrorData | null
}

/**
 * Runs one provider stream to its end and says how it ended. It never throws: a stream that
 * breaks keeps the text it produced ('partial'), and nothing at all is 'failed'.
 */
export async function streamAnswer({ provider, model, history, signal, now, onText }: StreamAnswerInput): Promise<StreamedAnswer> {
  const started = now()
  let text = ''
  let usage: Usage | null = null
  let finishReason: FinishReason | null = null
  let firstTokenMs: number | null = null
  let error: ErrorData | null = null

  try {
    for await (const chunk of provider.stream({ model, messages: history, signal })) {
      if (chunk.type === 'text' && chunk.text) {
        firstTokenMs ??= now() - started
        text += chunk.text
        onText(chunk.text, text)
      } else if (chunk.type === 'usage') {
        usage = { inputTokens: chunk.inputTokens, outputTokens: chunk.outputTokens }
      } else if (chunk.type === 'finish') {
        finishReason = chunk.reason
      }
    }
    if (signal.aborted) error = stoppedError()
    else if (finishReason === null) {
      error = { code: 'stream_incomplete', message: `${provider.id} ended the answer without finishing it.`, retryable: true }
    }
  } catch (err) {
    error = signal.aborted || (isProviderError(err) && err.failure === 'aborted') ? stoppedError() : toErrorData(err)
  }

  const latencyMs = now() - started
  const outcome = error === null ? 'complete' : text.length > 0 || error.code === 'stopped' ? 'partial' : 'failed'
  return { outcome, text, usage, finishReason, firstTokenMs, latencyMs, error }
}

function stoppedError(): ErrorData {
  return { code: 'stopped', message: 'Stopped before the answer was complete.', retryable: true }
}
