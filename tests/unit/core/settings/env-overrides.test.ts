import { describe, expect, it } from 'vitest'
import { effectiveBaseUrl } from '../../../../electron/core/settings/env-overrides'
import type { ProviderConfig } from '../../../../shared/types/settings'

const limits = { requestsPerMinute: null, tokensPerMinute: null, maxConcurrent: 4 }

const openai: ProviderConfig = { id: 'openai', kind: 'openai', label: 'OpenAI', baseUrl: 'https://proxy.example/v1', enabled: true, limits }
const ollama: ProviderConfig = { id: 'ollama', kind: 'ollama', label: 'Ollama', baseUrl: null, enabled: true, limits }
const custom: ProviderConfig = { id: 'groq', kind: 'openai-compatible', label: 'Groq', baseUrl: 'https://api.groq.example/openai/v1/', enabled: true, limits }

describe('effective base URL', () => {
  it('prefers OPENAI_BASE_URL over the saved setting', () => {
    expect(effectiveBaseUrl(openai, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })).toEqual({ url: 'http://127.0.0.1:9/v1', source: 'env' })
  })

  it('uses the saved setting when the environment is silent', () => {
    expect(effectiveBaseUrl(openai, {})).toEqual({ url: 'https://proxy.example/v1', source: 'settings' })
  })

  it('turns OLLAMA_HOST forms people really use into a URL', () => {
    expect(effectiveBaseUrl(ollama, { OLLAMA_HOST: '0.0.0.0' }).url).toBe('http://127.0.0.1:11434')
    expect(effectiveBaseUrl(ollama, { OLLAMA_HOST: 'localhost:8080' }).url).toBe('http://localhost:8080')
    expect(effectiveBaseUrl(ollama, { OLLAMA_HOST: 'https://gpu.lan:11434/' }).url).toBe('https://gpu.lan:11434')
  })

  it('falls back to the local Ollama port', () => {
    expect(effectiveBaseUrl(ollama, {})).toEqual({ url: 'http://127.0.0.1:11434', source: 'default' })
  })

  it('never lets an SDK variable redirect a custom endpoint', () => {
    expect(effectiveBaseUrl(custom, { OPENAI_BASE_URL: 'http://evil.example' })).toEqual({ url: 'https://api.groq.example/openai/v1', source: 'settings' })
  })

  it('applies the SDK variable only to the built-in provider of that kind', () => {
    const second = { ...openai, id: 'openai-work', baseUrl: null }
    expect(effectiveBaseUrl(second, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).source).toBe('default')
  })
})
