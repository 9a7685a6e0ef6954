import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSettingsService } from '../../../../electron/core/settings/settings-service'
import { createSettingsView, type KeyStatusSource } from '../../../../electron/core/settings/settings-view'
import { createStore } from '../../../../electron/core/store/create-store'
import type { Store } from '../../../../electron/core/store/types'
import { DEFAULT_SETTINGS } from '../../../../shared/types/settings'
import { tempHome } from '../../../support/temp-home'

const keys: KeyStatusSource = {
  status: async (p) => (p.kind === 'ollama' ? { source: 'not-needed', hint: null, hold: null } : { source: 'none', hint: null, hold: null }),
  keyStore: async () => ({ backend: 'memory', available: true, reason: null, alternatives: [] })
}

let home: ReturnType<typeof tempHome>
let store: Store

beforeEach(() => {
  home = tempHome()
  store = createStore(join(home.dir, 'workbench.db'))
})
afterEach(() => {
  store.close()
  home.remove()
})

describe('settings', () => {
  it('starts with OpenAI, Anthropic and a local Ollama and no default model', () => {
    const settings = createSettingsService({ kv: store.kv })
    expect(settings.get()).toEqual(DEFAULT_SETTINGS)
  })

  it('saves a valid change and reads it back from the database', () => {
    const settings = createSettingsService({ kv: store.kv })
    settings.setDefaultModel('ollama:llama3.2:1b')
    const again = createSettingsService({ kv: store.kv })
    expect(again.get().defaultModel).toBe('ollama:llama3.2:1b')
  })

  it('refuses invalid settings with a message naming the field, and keeps the old ones', () => {
    const settings = createSettingsService({ kv: store.kv })
    const providers = [...DEFAULT_SETTINGS.providers, { id: 'groq', kind: 'openai-compatible' as const, label: 'Groq', baseUrl: null, enabled: true, limits: DEFAULT_SETTINGS.providers[0]!.limits }]
    expect(() => settings.setProviders(providers)).toThrow(/"providers\.3\.baseUrl": an OpenAI-compatible provider needs a base URL/)
    expect(() => settings.setProviders([...DEFAULT_SETTINGS.providers, DEFAULT_SETTINGS.providers[0]!])).toThrow(/duplicate provider id "openai"/)
    expect(() => settings.setDefaultModel('no-colon')).toThrow(/provider:model/)
    expect(settings.get()).toEqual(DEFAULT_SETTINGS)
  })

  it('recovers from a corrupted stored value without losing it', () => {
    store.kv.set('settings', { providers: 'nonsense' })
    const settings = createSettingsService({ kv: store.kv })
    expect(settings.get()).toEqual(DEFAULT_SETTINGS)
    expect(store.kv.get('settings')).toEqual(DEFAULT_SETTINGS)
  })

  it('shows where each base URL comes from, environment first, and never a key', async () => {
    const settings = createSettingsService({ kv: store.kv })
    const view = await createSettingsView({ settings, env: { OLLAMA_HOST: '127.0.0.1:9999', OPENAI_API_KEY: 'sk-secret-value-1234' }, dataDir: home.dir, keys })()
    const ollama = view.providers.find((p) => p.id === 'ollama')!
    expect(ollama).toMatchObject({ effectiveBaseUrl: 'http://127.0.0.1:9999', baseUrlSource: 'env', keySource: 'not-needed' })
    expect(JSON.stringify(view)).not.toContain('sk-secret-value-1234')
  })

  it('sees a change saved by another process on the same database at the next read', () => {
    const mine = createSettingsService({ kv: store.kv })
    expect(mine.get().defaultModel).toBeNull()
    const other = createStore(join(home.dir, 'workbench.db'))
    createSettingsService({ kv: other.kv }).setDefaultModel('ollama:qwen2.5:0.5b')
    other.close()
    expect(mine.get().defaultModel).toBe('ollama:qwen2.5:0.5b')
  })

  it('tells listeners about each saved change', () => {
    const settings = createSettingsService({ kv: store.kv })
    const seen: Array<string | null> = []
    settings.onChange((s) => seen.push(s.defaultModel))
    settings.setDefaultModel('openai:gpt-4o-mini')
    expect(seen).toEqual(['openai:gpt-4o-mini'])
  })
})
