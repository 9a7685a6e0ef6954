import { afterEach, describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeOllama } from '../../../../fakes/fake-ollama'
import { TURNS, drain, providerFor } from './harness'

const signal = (): AbortSignal => new AbortController().signal

describe('Ollama adapter', () => {
  let fake: FakeOllama
  afterEach(async () => fake?.close())

  it('streams from /api/chat with the system turn and num_predict, and no key when none is set', async () => {
    fake = await startFakeOllama({ reply: ['local ', 'answer'] })
    const { text, error } = await drain(providerFor({ kind: 'ollama' }, fake.baseUrl, async () => null).stream({ model: 'llama3.2:1b', messages: TURNS, maxTokens: 50, signal: signal() }))
    expect(error).toBeNull()
    expect(text).toBe('local answer')
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/api/chat' })
    expect(fake.requests[0]!.body).toMatchObject({ model: 'llama3.2:1b', stream: true, options: { num_predict: 50 }, messages: TURNS })
    expect(fake.requests[0]!.headers.authorization).toBeUndefined()
  })

  it('maps a model that is not pulled to a non-retryable 404 quoting the server', async () => {
    fake = await startFakeOllama()
    const { error } = await drain(providerFor({ kind: 'ollama' }, fake.baseUrl, async () => null).stream({ model: 'mistral:7b', messages: TURNS, signal: signal() }))
    expect(error).toMatchObject({ failure: 'http', status: 404, retryable: false })
    expect((error as Error).message).toContain('try pulling it first')
  })

  it('asks whether Ollama is running when nothing listens', async () => {
    fake = await startFakeOllama()
    await fake.close()
    const err = await providerFor({ kind: 'ollama' }, fake.baseUrl, async () => null).listModels(signal()).catch((e: unknown) => e)
    expect(err).toMatchObject({ failure: 'network', retryable: true })
    expect((err as Error).message).toMatch(/Could not connect to Ollama at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\. Is Ollama running\?/)
  })

  it('answers the detection endpoints like a real server', async () => {
    fake = await startFakeOllama({ version: '0.9.0' })
    expect(await (await fetch(`${fake.url}/`)).text()).toBe('Ollama is running')
    expect(await (await fetch(`${fake.url}/api/version`)).json()).toEqual({ version: '0.9.0' })
  })
})
