import { describe, expect, it } from 'vitest'
import { WorkbenchError } from '../../../../shared/errors'
import { createScrubber, redactKeyShapes, scrubSecrets } from '../../../../electron/core/secrets/scrub'

describe('scrubber', () => {
  it('removes a registered key wherever it appears, even without a known prefix', () => {
    const scrubber = createScrubber()
    scrubber.register('gsk_9f8e7d6c5b4a3210')
    expect(scrubber.scrub('401 for key gsk_9f8e7d6c5b4a3210 (gsk_9f8e7d6c5b4a3210)')).toBe('401 for key [redacted] ([redacted])')
  })

  it('removes a registered key that contains regex characters', () => {
    const scrubber = createScrubber()
    scrubber.register('a+b*c?(d)[e]$f^g.h|i\\j')
    expect(scrubber.scrub('x a+b*c?(d)[e]$f^g.h|i\\j y')).toBe('x [redacted] y')
  })

  it('removes the longer of two registered keys whole when one contains the other', () => {
    const scrubber = createScrubber()
    scrubber.register('localkey12345')
    scrubber.register('localkey12345-extended')
    expect(scrubber.scrub('k=localkey12345-extended;')).toBe('k=[redacted];')
  })

  it('ignores values too short to be keys, so ordinary words survive', () => {
    const scrubber = createScrubber()
    scrubber.register('the')
    scrubber.register('')
    scrubber.register(null)
    expect(scrubber.scrub('the model is overloaded')).toBe('the model is overloaded')
  })

  it('redacts OpenAI and Anthropic key shapes it was never told about', () => {
    expect(redactKeyShapes('Incorrect API key provided: sk-proj-AbC123dEf456GhI789jKl.')).toBe('Incorrect API key provided: [redacted].')
    expect(redactKeyShapes('key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv_wx-yz0 rejected')).toBe('key [redacted] rejected')
  })

  it('redacts bearer tokens, x-api-key headers and api_key fields but keeps their names', () => {
    expect(redactKeyShapes('Authorization: Bearer eyJhbGciOi.J9abc123')).toBe('Authorization: Bearer [redacted]')
    expect(redactKeyShapes('sent bearer abcdef123456 upstream')).toBe('sent bearer [redacted] upstream')
    expect(redactKeyShapes('x-api-key: local-secret-1 and more')).toBe('x-api-key: [redacted] and more')
    expect(redactKeyShapes('{"x-api-key":"abc123secret","model":"m"}')).toBe('{"x-api-key":"[redacted]","model":"m"}')
    expect(redactKeyShapes('POST /v1?api_key=abc123secret&stream=true')).toBe('POST /v1?api_key=[redacted]&stream=true')
    expect(redactKeyShapes('{"apiKey": "abc123secret"}')).toBe('{"apiKey": "[redacted]"}')
    expect(redactKeyShapes('GET https://host/models?key=AIzaSyA1b2c3')).toBe('GET https://host/models?key=[redacted]')
  })

  it('leaves ordinary text alone', () => {
    const texts = [
      'The model gpt-4o-mini is overloaded (HTTP 529); retrying in 2 s.',
      'Use a bearer token or an API key: see Settings.',
      'risk-assessment task-list desk-lamp sk-learn',
      'Bearer authentication failed',
      'Connection refused at http://127.0.0.1:11434/api/chat'
    ]
    const scrubber = createScrubber()
    scrubber.register('sk-registered-0000000001')
    for (const text of texts) expect(scrubber.scrub(text)).toBe(text)
  })

  it('scrubs error data and anything thrown, keeping code and retryable', () => {
    const scrubber = createScrubber()
    scrubber.register('custom-secret-value')
    const thrown = new WorkbenchError('http_401', 'Key custom-secret-value was rejected', { retryable: false })
    expect(scrubber.scrubError(thrown)).toEqual({ code: 'http_401', message: 'Key [redacted] was rejected', retryable: false })
    expect(scrubber.scrubError(new Error('with sk-abcdefghijklmnop0123'))).toEqual({ code: 'internal', message: 'with [redacted]', retryable: false })
    expect(scrubber.scrubError('custom-secret-value')).toMatchObject({ message: '[redacted]' })
    expect(scrubber.scrubErrorData({ code: 'x', message: 'custom-secret-value', retryable: true })).toEqual({ code: 'x', message: '[redacted]', retryable: true })
  })

  it('scrubs an Error object in place, stack included', () => {
    const scrubber = createScrubber()
    scrubber.register('custom-secret-value')
    const err = new Error('failed with custom-secret-value')
    expect(scrubber.scrubErrorObject(err)).toBe(err)
    expect(err.message).toBe('failed with [redacted]')
    expect(err.stack).not.toContain('custom-secret-value')
  })

  // Its cost per log line is a target of `npm run bench` (tests/bench/hot-paths.bench.test.ts), not of this suite.
})

describe('scrubSecrets (one-shot, for adapters that hold the key)', () => {
  it('removes the exact key even when it has no recognisable prefix', () => {
    expect(scrubSecrets('proxy rejected key gsk_live_9f8e7d6c5b4a', ['gsk_live_9f8e7d6c5b4a'])).toBe('proxy rejected key [redacted]')
  })

  it('removes half-masked keys that servers echo back', () => {
    expect(scrubSecrets('Incorrect API key provided: sk-pro**********wxyz.')).toBe('Incorrect API key provided: [redacted].')
  })

  it('leaves ordinary text alone, and ignores trivially short secrets', () => {
    expect(scrubSecrets('a task-based desk', ['sk', ''])).toBe('a task-based desk')
  })
})

// Issue 8, break 2: a hostile server echoed the key spaced out, and it was shown and stored.
describe('a key split up to slip past the scrubber', () => {
  const KEY = 'sk-proj-Zq7Xw9Vb2Nm4Kl8Pt6Rs'
  const disguises = [
    KEY.split('').join(' '),
    KEY.split('').join('\u200b'),
    KEY.replace(/(.{4})/g, '$1.'),
    KEY.replace(/(.{6})/g, '$1\n'),
    KEY.split('').join(' - '),
    KEY.toUpperCase(),
    `"${KEY.slice(0, 10)}" + "${KEY.slice(10)}"`
  ]

  it.each(disguises)('is still removed by the scrubber: %j', (disguised) => {
    const scrubber = createScrubber()
    scrubber.register(KEY)
    const out = scrubber.scrub(`echo: ${disguised} :end`)
    expect(out).toContain('[redacted]')
    expect(out.replace(/[^A-Za-z0-9]/g, '').toLowerCase()).not.toContain(KEY.replace(/[^A-Za-z0-9]/g, '').toLowerCase().slice(4))
  })

  it.each(disguises)('is still removed by the one-shot scrub: %j', (disguised) => {
    const out = scrubSecrets(`echo: ${disguised} :end`, [KEY])
    expect(out.replace(/[^A-Za-z0-9]/g, '').toLowerCase()).not.toContain(KEY.replace(/[^A-Za-z0-9]/g, '').toLowerCase().slice(4))
  })

  it('leaves the words around it, and text that merely shares letters with it, alone', () => {
    const scrubber = createScrubber()
    scrubber.register('gsk_9f8e7d6c5b4a3210')
    expect(scrubber.scrub('before g s k _ 9 f 8 e 7 d 6 c 5 b 4 a 3 2 1 0 after')).toBe('before [redacted] after')
    expect(scrubber.scrub('gsk 9f8e 7d6c 5b4a 321')).toBe('gsk 9f8e 7d6c 5b4a 321')
  })
})
