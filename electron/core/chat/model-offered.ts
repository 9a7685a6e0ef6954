import type { ProviderKind } from '../../../shared/types/domain'

/**
 * Whether a provider's model list offers `model` under the name a person types. Lists name
 * models exactly, but each API also answers to short names it does not list: Ollama's
 * "llama3.2" is "llama3.2:latest", and Anthropic's aliases ("claude-haiku-4-5",
 * "claude-3-5-haiku-latest") stand for dated snapshots ("claude-haiku-4-5-20251001").
 */
export function modelOffered(kind: ProviderKind, listed: readonly string[], model: string): boolean {
  if (listed.includes(model)) return true
  if (kind === 'ollama') return !model.includes(':') && listed.includes(`${model}:latest`)
  if (kind === 'anthropic') {
    const stem = model.replace(/-latest$/, '')
    return listed.some((id) => id.startsWith(`${stem}-`) && /^\d{8}$/.test(id.slice(stem.length + 1)))
  }
  return false
}
