import { useCallback } from 'react'
import type { ProviderKind } from '../../../../shared/types/domain'
import { useSettings } from '../../stores/context'

/** Maps a provider id to its configured label, falling back to the id before settings load. */
export function useProviderLabel(): (id: string) => string {
  const providers = useSettings((s) => s.view?.providers)
  return useCallback((id: string) => providers?.find((p) => p.id === id)?.label ?? id, [providers])
}

/** The environment variables the core reads per provider kind, to explain where a value came from. */
export const ENV_NAMES: Record<ProviderKind, { key: string | null; baseUrl: string | null }> = {
  openai: { key: 'OPENAI_API_KEY', baseUrl: 'OPENAI_BASE_URL' },
  anthropic: { key: 'ANTHROPIC_API_KEY', baseUrl: 'ANTHROPIC_BASE_URL' },
  ollama: { key: null, baseUrl: 'OLLAMA_HOST' },
  'openai-compatible': { key: null, baseUrl: null }
}
