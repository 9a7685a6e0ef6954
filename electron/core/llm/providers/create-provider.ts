import { createAnthropicProvider } from './anthropic'
import { createOllamaProvider } from './ollama'
import { createOpenAIProvider } from './openai'
import type { ChatProvider, ProviderEndpoint } from '../types'

/** Builds the adapter for an endpoint's kind; OpenAI-compatible servers share the OpenAI adapter. */
export function createProvider(endpoint: ProviderEndpoint): ChatProvider {
  switch (endpoint.kind) {
    case 'openai':
    case 'openai-compatible':
      return createOpenAIProvider(endpoint)
    case 'anthropic':
      return createAnthropicProvider(endpoint)
    case 'ollama':
      return createOllamaProvider(endpoint)
  }
}
