import Database from 'better-sqlite3'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ConversationPage, Message } from '../../shared/types/domain'
import { ok, startCore, type CoreHarness } from '../support/core-harness'
import { OPENAI_TEST_KEY, resetScripts, startFakeProviders, type FakeProviders } from '../support/fake-providers'

let fakes: FakeProviders
let h: CoreHarness

beforeAll(async () => {
  fakes = await startFakeProviders()
})
afterAll(async () => {
  await fakes.close()
})
beforeEach(() => {
  resetScripts(fakes)
  h = startCore(fakes.env)
})
afterEach(async () => {
  await h.close()
})

type Sent = { conversationId: string; userMessageId: string; assistantMessageId: string }
const deltasOf = (messageId: string) =>
  h.events.filter((e) => e.name === 'chat.delta' && (e.payload as { messageId: string }).messageId === messageId).map((e) => (e.payload as { text: string }).text)

describe('streamed chat through the real SDKs', () => {
  it.each([
    ['openai:gpt-4o-mini', 'openai'],
    ['anthropic:claude-sonnet-4-5', 'anthropic'],
    ['ollama:llama3.2:1b', 'ollama']
  ] as const)('streams an answer from %s and stores it complete with usage and timings', async (model, provider) => {
    fakes[provider].script.reply = ['Streams', ' arrive', ' in', ' pieces', '.']
    const sent = ok<Sent>(await h.call('chat.send', { content: 'Say something', model }))
    const message = await h.finished(sent.assistantMessageId)

    expect(message).toMatchObject({ status: 'complete', content: 'Streams arrive in pieces.', provider, finishReason: 'stop', error: null })
    expect(message.usage!.outputTokens).toBeGreaterThan(0)
    expect(message.firstTokenMs).not.toBeNull()
    expect(message.latencyMs).toBeGreaterThanOrEqual(message.firstTokenMs!)
    expect(deltasOf(sent.assistantMessageId).join('')).toBe('Streams arrive in pieces.')

    const detail = ok<ConversationPage>(await h.call('conversations.get', { id: sent.conversationId }))
    expect(detail.conversation.title).toBe('Say something')
    expect(detail.messages.map((m) => [m.role, m.status, m.content])).toEqual([
      ['user', 'complete', 'Say something'],
      ['assistant', 'complete', 'Streams arrive in pieces.']
    ])
  })

  it('sends the earlier turns of the conversation as history', async () => {
    const first = ok<Sent>(await h.call('chat.send', { content: 'My name is Ada.', model: 'openai:gpt-4o-mini' }))
    await h.finished(first.assistantMessageId)
    const second = ok<Sent>(await h.call('chat.send', { content: 'What is my name?', model: 'openai:gpt-4o-mini', conversationId: first.conversationId }))
    await h.finished(second.assistantMessageId)
    const body = fakes.openai.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as { messages: Array<{ role: string; content: string }> }
    expect(body.messages).toEqual([
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Hello there!' },
      { role: 'user', content: 'What is my name?' }
    ])
  })

  it('commits the user message before the provider answers', async () => {
    fakes.openai.script.faults = [{ stallBeforeFirstByteMs: 400 }]
    const sent = ok<Sent>(await h.call('chat.send', { content: 'Persist me first', model: 'openai:gpt-4o-mini' }))
    const db = new Database(join(h.home, 'workbench.db'), { readonly: true })
    const rows = db.prepare('SELECT role, status, content FROM messages WHERE conversation_id = ? ORDER BY seq').all(sent.conversationId)
    db.close()
    expect(rows).toEqual([
      { role: 'user', status: 'complete', content: 'Persist me first' },
      { role: 'assistant', status: 'streaming', content: '' }
    ])
    await h.finished(sent.assistantMessageId)
  })

  it('keeps the text of a stopped answer as partial and closes the provider connection', async () => {
    const tokens = Array.from({ length: 60 }, (_, i) => `t${i} `)
    fakes.openai.script.reply = tokens
    fakes.openai.script.tokenDelayMs = 25
    const sent = ok<Sent>(await h.call('chat.send', { content: 'Long answer please', model: 'openai:gpt-4o-mini' }))
    while (deltasOf(sent.assistantMessageId).join('').split(' ').length < 4) await new Promise((r) => setTimeout(r, 10))
    expect(ok<{ stopped: boolean }>(await h.call('chat.stop', { messageId: sent.assistantMessageId })).stopped).toBe(true)
    const message = await h.finished(sent.assistantMessageId)

    expect(message.status).toBe('partial')
    expect(message.error?.code).toBe('stopped')
    expect(message.content.length).toBeGreaterThan(0)
    expect(tokens.join('').startsWith(message.content)).toBe(true)
    expect(message.content.length).toBeLessThan(tokens.join('').length / 2)
    expect(await fakes.openai.requests.at(-1)!.outcome).toBe('client-closed')
  })

  it('sets apart what arrived when a stream breaks and restarts the answer on the next target', async () => {
    fakes.openai.script.reply = ['one ', 'two ', 'three ', 'four ']
    fakes.openai.script.faults = [{ resetAfterTokens: 2 }]
    const sent = ok<Sent>(await h.call('chat.send', { content: 'break please', model: 'openai:gpt-4o-mini' }))
    const message = await h.finished(sent.assistantMessageId)
    // The default route ends with the installed Ollama model.
    expect(message).toMatchObject({ status: 'complete', content: 'Hello there!', provider: 'ollama', model: 'llama3.2:1b', tier: 1 })
    expect(message.attempts.map((a) => [a.provider, a.outcome, a.partialText])).toEqual([
      ['openai', 'stream-broken', 'one two '],
      ['ollama', 'ok', null]
    ])
    const attemptEvents = h.events.filter((e) => e.name === 'chat.attempt').map((e) => (e.payload as { attempt: { outcome: string } }).attempt.outcome)
    expect(attemptEvents).toEqual(['stream-broken', 'ok'])
  })

  it('fails cleanly with every try recorded when a one-target route keeps failing', async () => {
    ok(await h.call('settings.set', { key: 'routes.only-openai', value: ['openai:gpt-4o-mini'] }))
    fakes.openai.script.faults = [{ status: 500 }, { status: 503 }, { status: 502 }]
    const sent = ok<Sent>(await h.call('chat.send', { content: 'fail please', route: 'only-openai' }))
    const message = await h.finished(sent.assistantMessageId)
    expect(message).toMatchObject({ status: 'failed', content: '', tier: null, error: { code: 'all_targets_failed' } })
    expect(message.attempts.map((a) => [a.try, a.outcome, a.httpStatus])).toEqual([
      [1, 'http-5xx', 500],
      [2, 'http-5xx', 503],
      [3, 'http-5xx', 502]
    ])
    expect(message.attempts[0]!.retryWaitMs).toBeGreaterThanOrEqual(0)
    expect(message.attempts[2]!.retryWaitMs).toBe(0)
    expect(fakes.openai.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(3)
  })

  it('sends once for a repeated idempotency key (double click, reload, retry)', async () => {
    const payload = { content: 'only once', model: 'openai:gpt-4o-mini', idempotencyKey: 'key-0123456789' }
    const [a, b] = await Promise.all([h.call('chat.send', payload), h.call('chat.send', payload)])
    const first = ok<Sent>(a)
    expect(ok<Sent>(b)).toEqual(first)
    await h.finished(first.assistantMessageId)
    expect(ok<Sent>(await h.call('chat.send', payload))).toEqual(first)
    expect(fakes.openai.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1)
    const list = ok<Array<{ id: string; messageCount: number }>>(await h.call('conversations.list', {}))
    expect(list).toEqual([expect.objectContaining({ id: first.conversationId, messageCount: 2 })])
  })

  it('stops every answer on close and stores it as partial', async () => {
    fakes.ollama.script.reply = Array.from({ length: 100 }, () => 'x')
    fakes.ollama.script.tokenDelayMs = 20
    const sent = ok<Sent>(await h.call('chat.send', { content: 'stream until closed', model: 'ollama:llama3.2:1b' }))
    while (deltasOf(sent.assistantMessageId).length < 2) await new Promise((r) => setTimeout(r, 5))
    const home = h.home
    await h.core.close()
    const db = new Database(join(home, 'workbench.db'), { readonly: true })
    const row = db.prepare('SELECT status, content FROM messages WHERE id = ?').get(sent.assistantMessageId) as { status: string; content: string }
    db.close()
    expect(row.status).toBe('partial')
    expect(row.content).toMatch(/^x+$/)
    h = startCore(fakes.env) // afterEach closes a fresh one
  })
})

describe('choosing a model', () => {
  it('uses the saved default model when none is given', async () => {
    ok(await h.call('settings.setDefaultModel', { model: 'anthropic:claude-sonnet-4-5' }))
    const sent = ok<Sent>(await h.call('chat.send', { content: 'hi' }))
    expect((await h.finished(sent.assistantMessageId)).provider).toBe('anthropic')
  })

  it('finds a running Ollama on its own when no cloud key is set', async () => {
    await h.close()
    h = startCore({ OLLAMA_HOST: fakes.ollama.baseUrl, OPENAI_BASE_URL: fakes.openai.baseUrl, ANTHROPIC_BASE_URL: fakes.anthropic.baseUrl })
    const sent = ok<Sent>(await h.call('chat.send', { content: 'offline hello' }))
    const message = await h.finished(sent.assistantMessageId)
    expect(message).toMatchObject({ status: 'complete', provider: 'ollama', model: 'llama3.2:1b' })
  })

  it('explains what to do when no model is available at all', async () => {
    await h.close()
    h = startCore({ OLLAMA_HOST: 'http://127.0.0.1:9', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' })
    const result = await h.call('chat.send', { content: 'anyone?' })
    expect(result).toMatchObject({ ok: false, error: { code: 'no_model' } })
    expect(!result.ok && result.error.message).toMatch(/ollama serve/)
    expect(ok<unknown[]>(await h.call('conversations.list', {}))).toEqual([])
  })

  it('lists models of every provider and reports the failing ones without failing the list', async () => {
    fakes.anthropic.script.faults = [{ on: 'models', status: 503 }]
    const lists = ok<Array<{ provider: string; models: Array<{ ref: string }>; error: { code: string } | null }>>(await h.call('models.list', { refresh: true }))
    const byId = Object.fromEntries(lists.map((l) => [l.provider, l]))
    expect(byId.openai!.models.map((m) => m.ref)).toContain('openai:gpt-4o-mini')
    expect(byId.ollama!.models.map((m) => m.ref)).toContain('ollama:llama3.2:1b')
    expect(byId.anthropic!.error?.code).toBe('http_503')
  })
})

describe('the contract refuses bad input and changes nothing', () => {
  it.each([
    ['chat.send', { content: '' }],
    ['chat.send', { content: 'hi', model: 'not a model ref' }],
    ['chat.send', { content: 'hi', extra: true }],
    ['chat.send', 'just a string'],
    ['conversations.rename', { id: 'x' }],
    ['conversations.delete', { id: 7 }],
    ['settings.setProviders', { providers: [{ id: 'BAD ID', kind: 'openai', label: 'x', baseUrl: null, enabled: true }] }],
    ['settings.setProviders', { providers: [{ id: 'ok', kind: 'openai-compatible', label: 'x', baseUrl: 'file:///etc/passwd', enabled: true }] }],
    ['keys.set', { provider: 'openai', key: 'short' }],
    ['no.such.channel', {}]
  ])('%s with %j', async (channel, payload) => {
    const before = snapshot()
    const result = await h.call(channel, payload)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(['invalid_payload', 'unknown_channel']).toContain(result.error.code)
      expect(result.error.message.length).toBeGreaterThan(10)
    }
    expect(snapshot()).toEqual(before)
    expect(fakes.openai.requests).toHaveLength(0)
  })

  function snapshot(): unknown {
    const db = new Database(join(h.home, 'workbench.db'), { readonly: true })
    const state = ['conversations', 'messages', 'kv'].map((t) => db.prepare(`SELECT * FROM ${t}`).all())
    db.close()
    return state
  }
})

describe('settings by dotted key', () => {
  it('validates the whole result and refuses to switch the key store behind the check', async () => {
    const set = await h.call('settings.set', { key: 'timeouts.idleMs', value: 5 })
    expect(set).toMatchObject({ ok: false, error: { code: 'invalid_settings' } })
    expect(await h.call('settings.set', { key: 'keyBackend', value: 'safe-storage' })).toMatchObject({ ok: false, error: { code: 'use_keys_backend' } })
    const view = ok<{ settings: { timeouts: { idleMs: number }; keyBackend: string } }>(await h.call('settings.set', { key: 'timeouts.idleMs', value: 45_000 }))
    expect(view.settings.timeouts.idleMs).toBe(45_000)
    expect(view.settings.keyBackend).toBe('keychain')
  })
})

describe('keys from the environment', () => {
  it('reach the provider in its header and appear nowhere in the data directory or events', async () => {
    fakes.openai.script.faults = [{ status: 401, errorMessage: `Incorrect API key provided: ${OPENAI_TEST_KEY}` }]
    const sent = ok<Sent>(await h.call('chat.send', { content: 'who am I', model: 'openai:gpt-4o-mini' }))
    const answered: Message = await h.finished(sent.assistantMessageId)
    // A 401 is not retried on OpenAI; the route goes on to the local model.
    expect(answered.attempts[0]).toMatchObject({ outcome: 'http-4xx', httpStatus: 401, errorCode: 'http_401' })
    expect(answered.provider).toBe('ollama')
    const good = ok<Sent>(await h.call('chat.send', { content: 'again', model: 'openai:gpt-4o-mini', conversationId: sent.conversationId }))
    await h.finished(good.assistantMessageId)

    expect(fakes.openai.requests.at(-1)!.headers.authorization).toBe(`Bearer ${OPENAI_TEST_KEY}`)
    await h.core.close()
    const files = readdirSync(h.home, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())
    for (const f of files) expect(readFileSync(join(f.parentPath, f.name)).includes(OPENAI_TEST_KEY), f.name).toBe(false)
    expect(JSON.stringify(h.events)).not.toContain(OPENAI_TEST_KEY)
    expect(JSON.stringify(ok(await startCore(fakes.env).call('settings.get', {})))).not.toContain(OPENAI_TEST_KEY)
    h = startCore(fakes.env)
  })
})
