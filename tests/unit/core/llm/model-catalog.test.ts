import { afterEach, describe, expect, it } from 'vitest'
import { createModelCatalog } from '../../../../electron/core/llm/model-catalog'
import type { ChatProvider } from '../../../../electron/core/llm/types'
import { startFakeAnthropic } from '../../../fakes/fake-anthropic'
import { startFakeOllama } from '../../../fakes/fake-ollama'
import { startFakeOpenAI } from '../../../fakes/fake-openai'
import type { FakeHttpServer } from '../../../fakes/http-kit'
import { providerFor } from './providers/harness'

const KEY = 'sk-catalog-test-key-123456'

describe('model catalog', () => {
  const fakes: FakeHttpServer[] = []
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((f) => f.close()))
  })

  async function openai(models = ['gpt-4o', 'gpt-4o-mini']) {
    const fake = await startFakeOpenAI({ apiKey: KEY, models })
    fakes.push(fake)
    return { fake, provider: providerFor({ kind: 'openai' }, fake.baseUrl, async () => KEY) }
  }

  function clock(start = 1_000) {
    let t = start
    return { now: () => t, advance: (ms: number) => void (t += ms) }
  }

  it('lists every provider in order, with refs of the form provider:model', async () => {
    const a = await openai()
    const ollama = await startFakeOllama({ models: ['llama3.2:1b'] })
    fakes.push(ollama)
    const local = providerFor({ kind: 'ollama' }, ollama.baseUrl, async () => null, 'local')
    const catalog = createModelCatalog({ providers: () => [a.provider, local] })
    expect(await catalog.list()).toEqual([
      {
        provider: 'openai',
        kind: 'openai',
        error: null,
        models: [
          { ref: 'openai:gpt-4o', provider: 'openai', model: 'gpt-4o', label: 'gpt-4o' },
          { ref: 'openai:gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini', label: 'gpt-4o-mini' }
        ]
      },
      { provider: 'local', kind: 'ollama', error: null, models: [{ ref: 'local:llama3.2:1b', provider: 'local', model: 'llama3.2:1b', label: 'llama3.2:1b' }] }
    ])
  })

  it('offers chat models only: embedding, audio and image models of any provider are left out', async () => {
    const a = await openai(['gpt-4o-mini', 'text-embedding-3-small', 'tts-1', 'whisper-1', 'dall-e-3', 'gpt-image-1', 'omni-moderation-latest'])
    const ollama = await startFakeOllama({ models: ['llama3.2:1b', 'nomic-embed-text:latest', 'mxbai-embed-large:latest', 'all-minilm:latest', 'qwen3-embedding:0.6b'] })
    fakes.push(ollama)
    const local = providerFor({ kind: 'ollama' }, ollama.baseUrl, async () => null, 'local')
    const lists = await createModelCatalog({ providers: () => [a.provider, local] }).list()
    expect(lists.map((p) => p.models.map((m) => m.ref))).toEqual([['openai:gpt-4o-mini'], ['local:llama3.2:1b']])
  })

  it('reports a failing provider as error data without hiding the others', async () => {
    const a = await openai()
    const anthropic = await startFakeAnthropic({ apiKey: 'sk-ant-other-key-000' })
    fakes.push(anthropic)
    const ollama = await startFakeOllama()
    await ollama.close()
    const catalog = createModelCatalog({
      providers: () => [a.provider, providerFor({ kind: 'anthropic' }, anthropic.baseUrl, async () => KEY), providerFor({ kind: 'ollama' }, ollama.baseUrl, async () => null)]
    })
    const [ok, rejected, down] = await catalog.list()
    expect(ok).toMatchObject({ error: null, models: [{ model: 'gpt-4o' }, { model: 'gpt-4o-mini' }] })
    expect(rejected).toMatchObject({ provider: 'anthropic', models: [], error: { code: 'http_401', retryable: false } })
    expect(rejected!.error!.message).not.toContain(KEY)
    expect(down).toMatchObject({ provider: 'ollama', models: [], error: { code: 'provider_network', retryable: true } })
  })

  it('serves the list from cache within the TTL and asks again after it', async () => {
    const { fake, provider } = await openai()
    const time = clock()
    const catalog = createModelCatalog({ providers: () => [provider], ttlMs: 60_000, now: time.now })
    await catalog.list()
    time.advance(59_999)
    await catalog.list()
    expect(fake.requests).toHaveLength(1)
    fake.script.models = ['gpt-5']
    time.advance(1)
    expect((await catalog.list())[0]!.models.map((m) => m.model)).toEqual(['gpt-5'])
    expect(fake.requests).toHaveLength(2)
  })

  it('bypasses the cache on refresh', async () => {
    const { fake, provider } = await openai()
    const catalog = createModelCatalog({ providers: () => [provider], now: clock().now })
    await catalog.list()
    await catalog.list({ refresh: true })
    expect(fake.requests).toHaveLength(2)
  })

  it('shares one request between concurrent callers', async () => {
    const { fake, provider } = await openai()
    const catalog = createModelCatalog({ providers: () => [provider] })
    const [first, second] = await Promise.all([catalog.list(), catalog.list()])
    expect(second).toEqual(first)
    expect(fake.requests).toHaveLength(1)
  })

  it('keeps a failure only for the short error TTL', async () => {
    const { fake, provider } = await openai()
    fake.script.faults.push({ on: 'models', status: 503 })
    const time = clock()
    const catalog = createModelCatalog({ providers: () => [provider], errorTtlMs: 5_000, now: time.now })
    expect((await catalog.list())[0]!.error).toMatchObject({ code: 'http_503' })
    time.advance(4_999)
    expect((await catalog.list())[0]!.error).toMatchObject({ code: 'http_503' })
    time.advance(1)
    expect((await catalog.list())[0]!.error).toBeNull()
    expect(fake.requests).toHaveLength(2)
  })

  it('asks again for a rebuilt provider with the same id, and after invalidate', async () => {
    const { fake, provider } = await openai()
    let current: ChatProvider = provider
    const catalog = createModelCatalog({ providers: () => [current], now: clock().now })
    await catalog.list()
    current = providerFor({ kind: 'openai' }, fake.baseUrl, async () => KEY)
    await catalog.list()
    catalog.invalidate()
    await catalog.list()
    expect(fake.requests).toHaveLength(3)
  })

  it('reports a provider that does not answer in time as a timeout', async () => {
    const { fake, provider } = await openai()
    fake.script.defaultFault = { on: 'models', stallBeforeFirstByteMs: Number.POSITIVE_INFINITY }
    const catalog = createModelCatalog({ providers: () => [provider], listTimeoutMs: 100 })
    expect((await catalog.list())[0]!.error).toMatchObject({ code: 'provider_timeout', retryable: true })
  })
})
