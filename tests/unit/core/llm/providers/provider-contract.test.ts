import { afterEach, describe, expect, it, vi } from 'vitest'
import { ProviderError, isProviderError } from '../../../../../electron/core/llm/errors'
import { HARNESSES, TURNS, drain, keyHolder, providerFor, type AnyFake } from './harness'

const KEY = 'sk-test-abcdefghijklmnop0123456789'

function expectProviderError(error: unknown): ProviderError {
  expect(isProviderError(error), String(error)).toBe(true)
  return error as ProviderError
}

describe.each(HARNESSES)('$name adapter against its fake', (h) => {
  let fake: AnyFake
  afterEach(async () => fake?.close())

  async function setUp(script: Parameters<typeof h.start>[0] = {}) {
    fake = await h.start({ apiKey: KEY, ...script })
    const key = keyHolder(KEY)
    return { key, provider: providerFor(h, fake.baseUrl, key.read) }
  }

  it('streams the text, then usage, then a stop finish', async () => {
    const { provider } = await setUp({ reply: ['Hel', 'lo', '!'], usage: { inputTokens: 12, outputTokens: 3 } })
    const { chunks, error } = await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))
    expect(error).toBeNull()
    expect(chunks).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'text', text: '!' },
      { type: 'usage', inputTokens: 12, outputTokens: 3 },
      { type: 'finish', reason: 'stop' }
    ])
  })

  it('sends the key with the request and a rotated key with the next one', async () => {
    const { key, provider } = await setUp()
    await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))
    const rotated = 'sk-rotated-zyxwvutsrqponm9876543210'
    key.set(rotated)
    fake.script.apiKey = rotated
    const second = await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))
    expect(second.error).toBeNull()
    expect(fake.requests.map((r) => h.keyOf(r.headers))).toEqual([KEY, rotated])
  })

  it('lists the models the server reports', async () => {
    const { provider } = await setUp({ models: [h.model, 'another-model'] })
    await expect(provider.listModels(new AbortController().signal)).resolves.toEqual(expect.arrayContaining([h.model, 'another-model']))
  })

  it('stops promptly with an aborted error when the signal fires mid-stream, and closes the connection', async () => {
    // The server goes quiet after two tokens and never ends the stream: only the abort can end
    // this drain, so "promptly" needs no stopwatch (a late abort hangs the test instead).
    const { provider } = await setUp({ reply: Array.from({ length: 200 }, (_, i) => `t${i} `), faults: [{ stallAfterTokens: 2 }] })
    const controller = new AbortController()
    let aborted = false
    const result = await drain(
      (async function* () {
        for await (const chunk of provider.stream({ model: h.model, messages: TURNS, signal: controller.signal })) {
          yield chunk
          if (chunk.type === 'text' && !aborted) {
            aborted = true
            controller.abort()
          }
        }
      })()
    )
    expect(expectProviderError(result.error).failure).toBe('aborted')
    expect(result.chunks.some((c) => c.type === 'finish')).toBe(false)
    await expect(fake.requests[0]!.outcome).resolves.toBe('client-closed')
  })

  it('closes the connection when the caller stops reading early', async () => {
    const { provider } = await setUp({ reply: Array.from({ length: 100 }, () => 'x'), tokenDelayMs: 10 })
    for await (const chunk of provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal })) {
      if (chunk.type === 'text') break
    }
    await expect(fake.requests[0]!.outcome).resolves.toBe('client-closed')
  })

  it('makes no request when the signal has already fired', async () => {
    const { provider } = await setUp()
    const { error } = await drain(provider.stream({ model: h.model, messages: TURNS, signal: AbortSignal.abort() }))
    expect(expectProviderError(error).failure).toBe('aborted')
    expect(fake.requests).toHaveLength(0)
  })

  it('maps a rejected key to a non-retryable http_401 that names the provider and never shows the key', async () => {
    const { provider } = await setUp({ faults: [{ status: 401, errorMessage: `Incorrect API key provided: ${KEY} (Bearer ${KEY})` }] })
    const err = expectProviderError((await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))).error)
    expect(err).toMatchObject({ failure: 'http', status: 401, code: 'http_401', retryable: false, provider: h.kind })
    expect(err.message).toContain(h.name)
    expect(err.message).not.toContain(KEY)
    expect(err.message).not.toMatch(/abcdefghijklmnop/)
    expect(fake.requests).toHaveLength(1)
  })

  it('maps 429 with Retry-After to a retryable error carrying the wait, after exactly one request', async () => {
    const { provider } = await setUp({ faults: [{ status: 429, retryAfter: '7' }] })
    const err = expectProviderError((await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))).error)
    expect(err).toMatchObject({ failure: 'http', status: 429, retryable: true, retryAfterMs: 7000 })
    expect(fake.requests).toHaveLength(1)
  })

  it('maps the overloaded status to a retryable error after exactly one request', async () => {
    const { provider } = await setUp({ faults: [{ status: h.overloadedStatus, retryAfterMs: 1500 }] })
    const err = expectProviderError((await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))).error)
    expect(err).toMatchObject({ failure: 'http', status: h.overloadedStatus, code: `http_${h.overloadedStatus}`, retryable: true, retryAfterMs: 1500 })
    expect(fake.requests).toHaveLength(1)
  })

  it('maps a reset mid-stream to a retryable network error, keeping the text that arrived and no finish', async () => {
    const { provider } = await setUp({ reply: ['one ', 'two ', 'three'], faults: [{ resetAfterTokens: 2 }] })
    const { chunks, text, error } = await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))
    expect(expectProviderError(error)).toMatchObject({ failure: 'network', retryable: true })
    expect(text).toBe('one two ')
    expect(chunks.some((c) => c.type === 'finish')).toBe(false)
    expect(fake.requests).toHaveLength(1)
  })

  it('maps a reset before any response to a retryable network error after exactly one request', async () => {
    const { provider } = await setUp({ faults: [{ resetBeforeHeaders: true }] })
    const err = expectProviderError((await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))).error)
    expect(err).toMatchObject({ failure: 'network', retryable: true })
    expect(fake.requests).toHaveLength(1)
  })

  it('reports a stream that ends without its final event as cut off, with no finish chunk', async () => {
    const { provider } = await setUp({ reply: ['all ', 'but ', 'the end'], faults: [{ endWithoutFinal: true }] })
    const { chunks, text, error } = await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))
    expect(text).toBe('all but the end')
    expect(chunks.some((c) => c.type === 'finish')).toBe(false)
    expect(expectProviderError(error)).toMatchObject({ failure: 'network', code: 'stream_incomplete', retryable: true })
  })

  it('maps a garbled stream to an error, keeping the text before it and no finish', async () => {
    // ollama-js warns about each unparseable line on the console; keep the test output clean.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { provider } = await setUp({ reply: ['fine ', 'then'], faults: [{ malformed: { afterTokens: 1 } }] })
    const { chunks, text, error } = await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))
    warn.mockRestore()
    expect(text).toBe('fine ')
    expect(chunks.some((c) => c.type === 'finish')).toBe(false)
    expect(expectProviderError(error)).toMatchObject({ ...h.malformed, retryable: h.malformed.failure === 'network' })
    expect(fake.requests).toHaveLength(1)
  })

  it('turns a server that holds the first byte past the deadline into a timeout', async () => {
    const { provider } = await setUp({ defaultFault: { stallBeforeFirstByteMs: Number.POSITIVE_INFINITY } })
    const { error } = await drain(provider.stream({ model: h.model, messages: TURNS, signal: AbortSignal.timeout(150) }))
    expect(expectProviderError(error)).toMatchObject({ failure: 'timeout', retryable: true })
  })

  it('turns a stream that goes quiet past the deadline into a timeout, keeping the text so far', async () => {
    const { provider } = await setUp({ reply: ['first ', 'second'], faults: [{ stallAfterTokens: 1 }] })
    // The deadline passes once the first token is in (a wall-clock deadline could pass before it on a busy machine).
    const deadline = new AbortController()
    const { text, error } = await drain(
      (async function* () {
        for await (const chunk of provider.stream({ model: h.model, messages: TURNS, signal: deadline.signal })) {
          yield chunk
          if (chunk.type === 'text') deadline.abort(new DOMException('The operation timed out.', 'TimeoutError'))
        }
      })()
    )
    expect(text).toBe('first ')
    expect(expectProviderError(error)).toMatchObject({ failure: 'timeout', retryable: true })
    await expect(fake.requests[0]!.outcome).resolves.toBe('client-closed')
  })

  it('maps a refused connection to a retryable network error', async () => {
    const { provider } = await setUp()
    await fake.close()
    const err = expectProviderError((await drain(provider.stream({ model: h.model, messages: TURNS, signal: new AbortController().signal }))).error)
    expect(err).toMatchObject({ failure: 'network', retryable: true })
    expect(err.message).toContain('connection refused')
  })

  it('captures a failing model list as a ProviderError', async () => {
    const { provider } = await setUp({ faults: [{ on: 'models', status: 500 }] })
    const err = await provider.listModels(new AbortController().signal).catch((e: unknown) => e)
    expect(expectProviderError(err)).toMatchObject({ failure: 'http', status: 500, retryable: true })
    expect(fake.requests).toHaveLength(1)
  })
})
