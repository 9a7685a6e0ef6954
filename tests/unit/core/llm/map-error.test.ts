import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../../../electron/core/llm/errors'
import { httpError, isRetryableStatus, toProviderError, type ErrorContext } from '../../../../electron/core/llm/map-error'

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
    expect(err).toMatchObject({ failure: 'network', retryable: true })
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
