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
  /** Answers the list, then the core's default model (the first offered one unless told otherwise). */
  async function answerNext(providers: ProviderModels[], force = false, defaultModel: string | null = providers.flatMap((p) => p.models)[0]?.ref ?? null): Promise<void> {
    const refreshing = store.getState().refresh(force)
    const list = calls.at(-1)
    expect(list).toMatchObject({ channel: 'models.list', payload: force ? { refresh: true } : {} })
    list?.answer({ ok: true, value: providers })
    await until(() => calls.at(-1)?.channel === 'models.default')
    calls.at(-1)?.answer({ ok: true, value: { model: defaultModel } })
    await refreshing
  }
  return { store, answerNext }
}

async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ready(); i++) await Promise.resolve()
  expect(ready()).toBe(true)
}

describe('models store', () => {
  it('preselects the default model the core names, not the first model on offer', async () => {
    const { store, answerNext } = setup()
    // Cloud keys present, nothing set: the core's rule says the local model (resolve-route.ts).
    await answerNext([provider('openai', ['gpt-4o', 'gpt-4o-mini']), provider('ollama', ['llama3.2'])], false, 'ollama:llama3.2')
    expect(store.getState().selected).toBe('ollama:llama3.2')
    // A default whose provider is down is still what the core tries first, so it stays shown.
    await answerNext([provider('openai', ['gpt-4o-mini']), provider('ollama', [], 'not running')], true, 'ollama:llama3.2')
    expect(store.getState().selected).toBe('ollama:llama3.2')
    await answerNext([provider('openai', ['gpt-4o-mini']), provider('ollama', ['llama3.2'])], true, 'openai:gpt-4o-mini')
    expect(store.getState().selected).toBe('openai:gpt-4o-mini')
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
