/**
 * Families that a provider lists but that cannot chat: embeddings (Ollama's nomic-embed-text,
 * mxbai-embed-large, all-minilm, bge-m3; OpenAI's text-embedding-3-small; any "*-embed-*"),
 * and OpenAI's audio, image, moderation and legacy completion models. Matched on whole name
 * parts (split at - _ . : /), so "tts" never hits a chat model that merely contains the letters.
 */
const NOT_CHAT_PART = new Set(['embed', 'embedding', 'embeddings', 'moderation', 'whisper', 'tts', 'transcribe', 'realtime', 'dall', 'davinci', 'babbage', 'sora'])
const NOT_CHAT_NAME = /^(all-minilm|bge-|gpt-image|paraphrase-multilingual)/

/** Whether a listed model can be offered for chat; one rule for every provider, the UI picker and the CLI. */
export function isChatModel(name: string): boolean {
  const lower = name.toLowerCase()
  if (NOT_CHAT_NAME.test(lower)) return false
  return !lower.split(/[-_.:/]/).some((part) => NOT_CHAT_PART.has(part))
}
