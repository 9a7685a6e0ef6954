import { WorkbenchError } from '../../../shared/errors'
import { splitModelRef, type ProviderModels } from '../../../shared/types/domain'

/**
 * Picks the model for a send: the one asked for, else the default, else the first model any
 * working provider offers (settings order puts the cloud first, Ollama last), so a first start
 * with only Ollama running just works.
 */
export async function resolveModel(
  requested: string | undefined,
  defaultModel: string | null,
  listModels: () => Promise<ProviderModels[]>
): Promise<{ provider: string; model: string }> {
  const ref = requested ?? defaultModel
  if (ref) return splitModelRef(ref)
  for (const entry of await listModels()) {
    const first = entry.models[0]
    if (first) return { provider: first.provider, model: first.model }
  }
  throw new WorkbenchError(
    'no_model',
    'No model is available yet. For offline chat start Ollama (`ollama serve`, then `ollama pull llama3.2`); ' +
      'for cloud models set OPENAI_API_KEY or ANTHROPIC_API_KEY, or add a key in Settings.'
  )
}
