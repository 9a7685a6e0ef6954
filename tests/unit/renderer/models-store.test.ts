import { describe, expect, it } from 'vitest'
import type { ProviderModels } from '../../../shared/types/domain'
import { createClient } from '../../../renderer/src/api/client'
import { createModelsStore } from '../../../renderer/src/stores/models'
import { scriptedBridge } from './scripted-bridge'

function provider(id: 'openai' | 'ollama', models: string[], error: string | null = null): ProviderModels {
  return {
    provider: id,
    kind: id,
    models: models.map((m) => ({ ref: `${id}:${m}`, provider: id, model: m, label: m })),
    error: error ? { code: 'x', message: error, retryable: false } : null
  }
}

function setup() {
  const { bridge, calls } = scriptedBridge()
  const store = createModelsStore(createClient(bridge))
  async function answerNext(providers: ProviderModels[], force = false): Promise<void> {
    const refreshing = store.getState().refresh(force)
    const call = calls.at(-1)
    expect(call).toMatchObject({ channel: 'models.list', payload: force ? { refresh: true } : {} })
    call?.answer({ ok: true, value: providers })
    await refreshing
  }
  return { store, answerNext }
}

describe('models store', () => {
  it('selects the saved default when it is offered, else the first model', async () => {
    const { store, answerNext } = setup()
    await answerNext([provider('openai', ['gpt-4o-mini']), provider('ollama', ['llama3.2'])])
    expect(store.getState().selected).toBe('openai:gpt-4o-mini')
    store.getState().setDefaultModel('ollama:llama3.2')
    expect(store.getState().selected).toBe('ollama:llama3.2')
  })

  it('keeps the user’s pick even when its provider stops listing it', async () => {
    const { store, answerNext } = setup()
    await answerNext([provider('openai', ['gpt-4o-mini']), provider('ollama', ['llama3.2'])])
    store.getState().select('ollama:llama3.2')
    await answerNext([provider('openai', ['gpt-4o-mini']), provider('ollama', [], 'not running')], true)
    expect(store.getState().selected).toBe('ollama:llama3.2')
  })

  it('reports a provider that starts offering models on its own', async () => {
    const { store, answerNext } = setup()
    await answerNext([provider('openai', [], 'missing API key'), provider('ollama', [], 'not running')])
    expect(store.getState().discovered).toBeNull()
    expect(store.getState().selected).toBeNull()
    await answerNext([provider('openai', [], 'missing API key'), provider('ollama', ['llama3.2', 'qwen3'])], true)
    expect(store.getState().discovered).toEqual([{ provider: 'ollama', kind: 'ollama', count: 2 }])
    expect(store.getState().selected).toBe('ollama:llama3.2')
  })
})
