import { afterEach, describe, expect, it } from 'vitest'
import { startFakeAnthropic, type FakeAnthropic } from '../../../../fakes/fake-anthropic'
import { TURNS, drain, providerFor } from './harness'

const KEY = 'sk-ant-api03-test0123456789abcdef'
const signal = (): AbortSignal => new AbortController().signal

describe('Anthropic adapter', () => {
  let fake: FakeAnthropic
  afterEach(async () => fake?.close())

  it('moves system turns to the system param and always sends max_tokens and the API version', async () => {
    fake = await startFakeAnthropic({ apiKey: KEY })
    const messages = [{ role: 'system' as const, content: 'Be brief.' }, ...TURNS.slice(1), { role: 'system' as const, content: 'No emoji.' }]
    const { error } = await drain(providerFor({ kind: 'anthropic' }, fake.baseUrl, async () => KEY).stream({ model: 'claude-sonnet-4-5', messages, signal: signal() }))
    expect(error).toBeNull()
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/messages' })
    expect(fake.requests[0]!.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: 'Be brief.\n\nNo emoji.',
      messages: [{ role: 'user', content: 'Say hello.' }],
      stream: true
    })
    expect(fake.requests[0]!.headers['anthropic-version']).toBeTruthy()
  })

  it('refuses to call Anthropic without a key and says where to set one', async () => {
    fake = await startFakeAnthropic({ apiKey: KEY })
    const { error } = await drain(providerFor({ kind: 'anthropic' }, fake.baseUrl, async () => null).stream({ model: 'claude-sonnet-4-5', messages: TURNS, signal: signal() }))
    expect(error).toMatchObject({ failure: 'config', code: 'missing_api_key', retryable: false })
    expect((error as Error).message).toMatch(/ANTHROPIC_API_KEY.*Settings/)
    expect(fake.requests).toHaveLength(0)
  })

  it('says the provider is overloaded on 529', async () => {
    fake = await startFakeAnthropic({ apiKey: KEY, faults: [{ status: 529 }] })
    const { error } = await drain(providerFor({ kind: 'anthropic' }, fake.baseUrl, async () => KEY).stream({ model: 'claude-sonnet-4-5', messages: TURNS, signal: signal() }))
    expect((error as Error).message).toMatch(/Anthropic is overloaded \(529\)/)
  })

  it('passes the caller maxTokens through', async () => {
    fake = await startFakeAnthropic({ apiKey: KEY })
    await drain(providerFor({ kind: 'anthropic' }, fake.baseUrl, async () => KEY).stream({ model: 'claude-sonnet-4-5', messages: TURNS, maxTokens: 100, signal: signal() }))
    expect(fake.requests[0]!.body).toMatchObject({ max_tokens: 100 })
  })
})
