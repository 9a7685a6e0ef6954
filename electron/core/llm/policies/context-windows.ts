import type { Target } from './policy'

/**
 * Context windows (prompt + answer, in tokens) of well-known models, by model-name prefix; the
 * longest prefix that matches at a boundary wins ("gpt-4o-mini" → gpt-4o, never gpt-4). Open
 * models list their native window: Ollama serves a smaller one unless num_ctx is raised, and a
 * context-length error then comes back as usual. Only used to pick a fallback after such an error.
 */
const WINDOWS: ReadonlyArray<readonly [prefix: string, tokens: number]> = [
  // OpenAI
  ['gpt-5', 400_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4.5', 128_000],
  ['gpt-4o', 128_000],
  ['chatgpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-4-1106', 128_000], // the turbo previews
  ['gpt-4-0125', 128_000],
  ['gpt-4-32k', 32_768],
  ['gpt-4', 8_192],
  ['gpt-3.5-turbo', 16_385],
  ['o1', 200_000],
  ['o1-mini', 128_000],
  ['o1-preview', 128_000],
  ['o3', 200_000],
  ['o4-mini', 200_000],
  ['gpt-oss', 131_072],
  // Anthropic: every Claude 3 and 4 model
  ['claude', 200_000],
  ['claude-2', 100_000],
  ['claude-2.1', 200_000],
  ['claude-instant', 100_000],
  // Open models, as Ollama names them
  ['llama3', 8_192],
  ['llama3.1', 131_072],
  ['llama3.2', 131_072],
  ['llama3.3', 131_072],
  ['llama2', 4_096],
  ['mistral', 32_768],
  ['mistral-nemo', 131_072],
  ['mixtral', 32_768],
  ['qwen2.5', 32_768],
  ['qwen3', 40_960],
  ['gemma2', 8_192],
  ['gemma3', 131_072],
  ['gemma3:1b', 32_768],
  ['phi4', 16_384],
  ['deepseek-r1', 131_072]
]

/** Longest prefix first, so the first match is the most specific. */
const BY_SPECIFICITY = [...WINDOWS].sort((a, b) => b[0].length - a[0].length)

/** A prefix matches only up to a separator: "o1" is not a prefix of "o100". */
const SEPARATORS = new Set(['-', ':', '.', '_', '@', '/'])

/** The model's context window in tokens, or null when the model is not in the table. */
export function contextWindowOf(target: Target): number | null {
  // Aggregators prefix the vendor: "openai/gpt-4o", "anthropic/claude-sonnet-4".
  const name = target.model.toLowerCase().slice(target.model.lastIndexOf('/') + 1)
  for (const [prefix, tokens] of BY_SPECIFICITY) {
    if (!name.startsWith(prefix)) continue
    const next = name.charAt(prefix.length)
    if (next === '' || SEPARATORS.has(next)) return tokens
  }
  return null
}

/**
 * Whether `candidate` is worth trying after `failed` ran out of context: its window is larger, or
 * either is unknown. Trying an unknown costs one fast rejected request; skipping it might skip the
 * only model that fits. Two known windows of the same size (the same model elsewhere) never fit.
 */
export function fitsLarger(failed: Target, candidate: Target): boolean {
  const candidateWindow = contextWindowOf(candidate)
  const failedWindow = contextWindowOf(failed)
  if (candidateWindow === null || failedWindow === null) return true
  return candidateWindow > failedWindow
}
