import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { describeIssues } from '../../../shared/describe-issues'
import type { Handlers } from '../../../shared/ipc/contract'
import { dispatch } from '../../../shared/ipc/dispatch'

const explain = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input)
  if (parsed.success) throw new Error('expected the input to be refused')
  return describeIssues(parsed.error.issues, input)
}

// Handlers are never reached: every payload below is refused before.
const handlers = new Proxy({}, { get: () => () => Promise.reject(new Error('a handler ran')) }) as Handlers

describe('validation errors as sentences', () => {
  it.each([
    ['conversations.get', {}, 'conversations.get: "id" is required (expected text).'],
    ['conversations.get', { id: 7 }, 'conversations.get: "id" must be text.'],
    ['conversations.get', { id: 'abc', extra: true }, 'conversations.get: "extra" is not a known field.'],
    ['conversations.list', { limit: 5000 }, 'conversations.list: "limit" must be at most 1000.'],
    ['conversations.list', { limit: 1.5 }, 'conversations.list: "limit" must be a whole number.'],
    ['chat.send', { content: '   ' }, 'chat.send: "content": the message is empty.'],
    ['chat.send', { content: 'hi', model: 'gpt-4o' }, 'chat.send: "model": expected provider:model.'],
    ['keys.useBackend', { backend: 'plaintext' }, 'keys.useBackend: "backend" must be one of "keychain", "safe-storage".'],
    ['keys.set', { provider: 'openai', key: 'short' }, 'keys.set: "key" must be at least 8 characters long.'],
    ['conversations.get', 'just text', 'conversations.get: the request must be an object.']
  ])('%s with %j says %j', async (channel, payload, sentence) => {
    const result = await dispatch(handlers, channel, payload)
    expect(result).toEqual({ ok: false, error: { code: 'invalid_payload', message: sentence, retryable: false } })
  })

  it('names nested fields by their dotted path and says what a web address must look like', () => {
    const schema = z.object({ providers: z.array(z.object({ baseUrl: z.url({ protocol: /^https?$/ }) })) })
    expect(explain(schema, { providers: [{ baseUrl: 'file:///etc/passwd' }] })).toBe('"providers.0.baseUrl" must be a web address (http:// or https://).')
  })

  it('explains lists, bounds and names of records without zod wording', () => {
    const schema = z.object({
      tags: z.array(z.string()).max(1),
      count: z.number().gt(0),
      routes: z.record(z.string().regex(/^[a-z]+$/, 'route names are lowercase letters'), z.array(z.string()))
    })
    const text = explain(schema, { tags: ['a', 'b'], count: 0, routes: { Bad: [] } })
    expect(text).toBe('"tags" must have at most 1 item; "count" must be more than 0; "routes.Bad" is not an allowed name here (route names are lowercase letters).')
    expect(text).not.toMatch(/Invalid|Too (big|small)|expected number to be/)
  })

  it('stops after five issues and says how many more there were', () => {
    const schema = z.object(Object.fromEntries('abcdefg'.split('').map((k) => [k, z.string()])))
    expect(explain(schema, {})).toMatch(/"e" is required \(expected text\); and 2 more\.$/)
  })
})
