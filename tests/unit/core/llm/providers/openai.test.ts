import { afterEach, describe, expect, it } from 'vitest'
import { isProviderError } from '../../../../../electron/core/llm/errors'
import { startFakeOpenAI, type FakeOpenAI } from '../../../../fakes/fake-openai'
import { TURNS, drain, providerFor } from './harness'

const KEY = 'sk-proj-test0123456789abcdef'
const signal = (): AbortSignal => new AbortController().signal

describe('OpenAI adapter', () => {
  let fake: FakeOpenAI
  afterEach(async () => fake?.close())

  it('asks for a stream with usage, keeps the system turn and caps with max_completion_tokens', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY })
    await drain(providerFor({ kind: 'openai' }, fake.baseUrl, async () => KEY).stream({ model: 'gpt-4o-mini', messages: TURNS, maxTokens: 64, signal: signal() }))
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' })
    expect(fake.requests[0]!.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 64,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello.' }
      ]
    })
  })

  it('refuses to call OpenAI without a key and says where to set one', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY })
    const { error } = await drain(providerFor({ kind: 'openai' }, fake.baseUrl, async () => null).stream({ model: 'gpt-4o-mini', messages: TURNS, signal: signal() }))
    expect(isProviderError(error)).toBe(true)
    expect(error).toMatchObject({ failure: 'config', code: 'missing_api_key', retryable: false })
    expect((error as Error).message).toMatch(/OPENAI_API_KEY.*Settings/)
    expect(fake.requests).toHaveLength(0)
  })

  it('talks to a keyless OpenAI-compatible server without an Authorization header, using max_tokens', async () => {
    fake = await startFakeOpenAI({ reply: ['local'] })
    const provider = providerFor({ kind: 'openai-compatible' }, fake.baseUrl, async () => null, 'lmstudio')
    const { text, error } = await drain(provider.stream({ model: 'gpt-4o-mini', messages: TURNS, maxTokens: 32, signal: signal() }))
    expect(error).toBeNull()
    expect(text).toBe('local')
    expect(fake.requests[0]!.headers.authorization).toBeUndefined()
    expect(fake.requests[0]!.body).toMatchObject({ max_tokens: 32 })
  })

  it('names a compatible endpoint by its id in errors', async () => {
    fake = await startFakeOpenAI({ faults: [{ status: 500 }] })
    const { error } = await drain(providerFor({ kind: 'openai-compatible' }, fake.baseUrl, async () => null, 'lmstudio').stream({ model: 'gpt-4o-mini', messages: TURNS, signal: signal() }))
    expect((error as Error).message).toContain('"lmstudio"')
  })

  it('streams tool-call deltas and finishes with tool_calls', async () => {
    fake = await startFakeOpenAI({ reply: [], toolCalls: [{ id: 'call_1', name: 'get_time', argumentChunks: ['{"tz":', '"UTC"}'] }] })
    const { chunks } = await drain(providerFor({ kind: 'openai' }, fake.baseUrl, async () => KEY).stream({ model: 'gpt-4o-mini', messages: TURNS, signal: signal() }))
    expect(chunks.filter((c) => c.type === 'tool-call')).toEqual([
      { type: 'tool-call', index: 0, id: 'call_1', name: 'get_time', argumentsDelta: '' },
      { type: 'tool-call', index: 0, id: undefined, name: undefined, argumentsDelta: '{"tz":' },
      { type: 'tool-call', index: 0, id: undefined, name: undefined, argumentsDelta: '"UTC"}' }
    ])
    expect(chunks.at(-1)).toEqual({ type: 'finish', reason: 'tool_calls' })
  })

  it('maps an unknown model to a non-retryable 404 that quotes the server', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY })
    const { error } = await drain(providerFor({ kind: 'openai' }, fake.baseUrl, async () => KEY).stream({ model: 'gpt-nope', messages: TURNS, signal: signal() }))
    expect(error).toMatchObject({ status: 404, retryable: false })
    expect((error as Error).message).toContain('gpt-nope')
  })

  it("lists OpenAI's models sorted (the model catalog leaves out those that cannot chat)", async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, models: ['gpt-4o', 'text-embedding-3-small', 'tts-1', 'gpt-4o-mini', 'whisper-1'] })
    await expect(providerFor({ kind: 'openai' }, fake.baseUrl, async () => KEY).listModels(signal())).resolves.toEqual(['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small', 'tts-1', 'whisper-1'])
  })

  it('keeps the server-masked key of a real 401 body out of the message', async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-proj-the-right-one-0000' })
    const { error } = await drain(providerFor({ kind: 'openai' }, fake.baseUrl, async () => KEY).stream({ model: 'gpt-4o-mini', messages: TURNS, signal: signal() }))
    expect(error).toMatchObject({ status: 401, retryable: false })
    expect((error as Error).message).not.toMatch(/sk-pro\*|3456789|cdef/)
    expect((error as Error).message).toContain('OPENAI_API_KEY')
  })
})
