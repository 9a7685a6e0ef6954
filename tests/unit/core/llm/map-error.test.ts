import Anthropic from '@anthropic-ai/sdk'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../../../../electron/core/llm/errors'
import { httpError, streamError, toProviderError, type ErrorContext } from '../../../../electron/core/llm/map-error'
import { isRetryableStatus } from '../../../../electron/core/llm/policies/retry-table'
import { startFakeOpenAI } from '../../../fakes/fake-openai'

const KEY = 'sk-live-0123456789abcdefghij'
const ctx: ErrorContext = { provider: 'openai', label: 'OpenAI', keyHint: 'Set OPENAI_API_KEY or add a key in Settings.', secrets: [KEY], baseUrl: 'https://user:pw@api.example.com/v1?key=secret' }

describe('the retry table', () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 529])('retries %i', (status) => expect(isRetryableStatus(status)).toBe(true))
  it.each([400, 401, 403, 404, 413, 422])('does not retry %i', (status) => expect(isRetryableStatus(status)).toBe(false))
})

describe('toProviderError', () => {
  it('keeps a ProviderError as it is', () => {
    const original = new ProviderError({ provider: 'x', failure: 'config', message: 'm' })
    expect(toProviderError(original, ctx)).toBe(original)
  })

  it('maps an SDK status error with its body, Retry-After and the key hint', () => {
    const sdkError = OpenAI.APIError.generate(401, { error: { message: `Bad key ${KEY}`, type: 'invalid_request_error' } }, undefined, new Headers())
    const err = toProviderError(sdkError, ctx)
    expect(err).toMatchObject({ failure: 'http', status: 401, code: 'http_401', retryable: false })
    expect(err.message).toBe('OpenAI rejected the API key (401). The server said: "Bad key [redacted]". Set OPENAI_API_KEY or add a key in Settings.')
  })

  it('keeps HTML error pages from proxies out of the message', () => {
    // The shape ollama-js throws for an error status.
    const proxyPage = Object.assign(new Error('bad gateway'), { name: 'ResponseError', status_code: 502, error: '<html><body>502 Bad Gateway</body></html>' })
    const err = toProviderError(proxyPage, { ...ctx, responseHeaders: new Headers({ 'retry-after': '3' }) })
    expect(err.message).toBe('OpenAI had a server error (502). It asked to wait 3 s.')
    expect(err).toMatchObject({ status: 502, retryable: true, retryAfterMs: 3000 })
  })

  it('words a status without a body on its own', () => {
    expect(httpError(ctx, { status: 418, headers: null, detail: null, type: null }).message).toBe('OpenAI rejected the request (418).')
  })

  it('maps an unparseable body to a protocol error', () => {
    let syntax: unknown
    try {
      JSON.parse('{nope')
    } catch (e) {
      syntax = e
    }
    expect(toProviderError(syntax, ctx)).toMatchObject({ failure: 'protocol', retryable: false })
  })

  it('calls a fired timeout signal a timeout, not a user stop', () => {
    const signal = AbortSignal.abort(new DOMException('late', 'TimeoutError'))
    expect(toProviderError(new Error('whatever'), { ...ctx, signal })).toMatchObject({ failure: 'timeout', retryable: true })
    expect(toProviderError(new Error('whatever'), { ...ctx, signal: AbortSignal.abort() })).toMatchObject({ failure: 'aborted', retryable: false })
  })

  it('maps socket errors found down the cause chain to network errors without credentials from the URL', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })
    const err = toProviderError(refused, ctx)
    expect(err).toMatchObject({ failure: 'network', retryable: true, networkCode: 'ECONNREFUSED' })
    expect(err.message).toBe('Could not connect to OpenAI at https://api.example.com/v1 (connection refused).')
  })

  it('maps a bad base URL to a config error', () => {
    let invalid: unknown
    try {
      new URL('not a url')
    } catch (e) {
      invalid = e
    }
    expect(toProviderError(invalid, ctx)).toMatchObject({ failure: 'config', code: 'invalid_base_url' })
  })

  it('scrubs the key from errors it does not recognise', () => {
    const err = toProviderError(new Error(`boom with ${KEY} and Bearer ${KEY}`), ctx)
    expect(err.message).not.toContain(KEY)
    expect(err.message).not.toContain('0123456789')
  })
})

describe('context-length errors', () => {
  it.each([
    ['OpenAI code', () => OpenAI.APIError.generate(400, { error: { message: 'Too long.', type: 'invalid_request_error', code: 'context_length_exceeded' } }, undefined, new Headers())],
    ['OpenAI and vLLM wording', () => OpenAI.APIError.generate(400, { error: { message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens." } }, undefined, new Headers())],
    ['Anthropic wording', () => Anthropic.APIError.generate(400, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 208310 tokens > 200000 maximum' } }, undefined, new Headers())],
    ['llama.cpp wording', () => OpenAI.APIError.generate(400, { error: { message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' } }, undefined, new Headers())],
    ['Ollama wording', () => Object.assign(new Error('x'), { name: 'ResponseError', status_code: 400, error: 'input length exceeds the context length' })]
  ])('gets the distinct code context_length from the %s, and is not retryable', (_, make) => {
    const err = toProviderError(make(), ctx)
    expect(err).toMatchObject({ failure: 'http', code: 'context_length', retryable: false })
    expect(err.message).toContain('too long for this OpenAI model')
  })

  it('recognises a context-length error sent inside a stream', () => {
    expect(streamError(ctx, 'prompt is too long: 5000 tokens > 4096 maximum', 'invalid_request_error')).toMatchObject({ code: 'context_length', retryable: false })
  })

  it('leaves other 400s and rate limits that mention tokens alone', () => {
    const bad = OpenAI.APIError.generate(400, { error: { message: "Invalid value for 'temperature'." } }, undefined, new Headers())
    expect(toProviderError(bad, ctx).code).toBe('http_400')
    const limited = OpenAI.APIError.generate(429, { error: { message: 'Rate limit reached on tokens per min (TPM): too many tokens', code: 'rate_limit_exceeded' } }, undefined, new Headers())
    expect(toProviderError(limited, ctx).code).toBe('http_429')
  })
})

describe('timeout codes', () => {
  it('codes a timeout by the kind the timeout policy aborted with', () => {
    const reason = Object.assign(new Error('quiet'), { name: 'TimeoutError', kind: 'idle' })
    expect(toProviderError(new Error('aborted'), { ...ctx, signal: AbortSignal.abort(reason) })).toMatchObject({ failure: 'timeout', code: 'timeout_idle' })
  })

  it('codes socket timeouts by the stage they cut short', () => {
    const headers = new TypeError('fetch failed', { cause: Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) })
    const body = new TypeError('terminated', { cause: Object.assign(new Error('Body Timeout Error'), { code: 'UND_ERR_BODY_TIMEOUT' }) })
    expect(toProviderError(headers, ctx).code).toBe('timeout_connect')
    expect(toProviderError(body, ctx).code).toBe('timeout_idle')
  })
})

describe('network codes, from real sockets', () => {
  const servers: Server[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
  })

  async function listen(onConnection: (socket: Socket) => void = () => {}): Promise<number> {
    const server = createServer(onConnection)
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return (server.address() as AddressInfo).port
  }

  async function closedPort(): Promise<number> {
    const port = await listen()
    await new Promise((resolve) => servers.pop()!.close(resolve))
    return port
  }

  async function failureOf(call: () => Promise<unknown>): Promise<ProviderError> {
    try {
      await call()
    } catch (err) {
      return toProviderError(err, ctx)
    }
    throw new Error('the call succeeded')
  }

  it('carries ECONNREFUSED through the OpenAI SDK when nothing listens', async () => {
    const port = await closedPort()
    const client = new OpenAI({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 })
    const err = await failureOf(() => client.models.list())
    expect(err).toMatchObject({ failure: 'network', networkCode: 'ECONNREFUSED', retryable: true })
  })

  it('carries ECONNREFUSED through the Anthropic SDK and plain fetch (as ollama-js uses)', async () => {
    const port = await closedPort()
    const client = new Anthropic({ apiKey: 'k', baseURL: `http://localhost:${port}`, maxRetries: 0 })
    expect((await failureOf(() => client.models.list())).networkCode).toBe('ECONNREFUSED')
    expect((await failureOf(() => fetch(`http://127.0.0.1:${port}/`))).networkCode).toBe('ECONNREFUSED')
  })

  it('carries ECONNRESET when the server resets the connection', async () => {
    const port = await listen((socket) => socket.once('data', () => socket.resetAndDestroy()))
    const err = await failureOf(() => fetch(`http://127.0.0.1:${port}/`))
    expect(err).toMatchObject({ failure: 'network', networkCode: 'ECONNRESET' })
  })

  it("reports undici's socket error when the fake closes before headers", async () => {
    const fake = await startFakeOpenAI({ faults: [{ resetBeforeHeaders: true }] })
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: fake.baseUrl, maxRetries: 0 })
      const err = await failureOf(() => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [], stream: true }))
      expect(err).toMatchObject({ failure: 'network', networkCode: 'UND_ERR_SOCKET' })
    } finally {
      await fake.close()
    }
  })

  it('finds the code inside an AggregateError (one error per address tried)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' })
    const err = toProviderError(new TypeError('fetch failed', { cause: new AggregateError([refused], 'all failed') }), ctx)
    expect(err.networkCode).toBe('ECONNREFUSED')
  })
})
