import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Message } from '../../shared/types/domain'
import { DEFAULT_SETTINGS } from '../../shared/types/settings'
import { ok, startCore, type CoreHarness } from '../support/core-harness'
import { resetScripts, startFakeProviders, type FakeProviders } from '../support/fake-providers'

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

type Sent = { conversationId: string; assistantMessageId: string }

/** Every conversation and message row, straight from the file. */
function rows(): { conversations: unknown[]; messages: Array<{ status: string }> } {
  const db = new Database(join(h.home, 'workbench.db'), { readonly: true })
  try {
    return { conversations: db.prepare('SELECT * FROM conversations').all(), messages: db.prepare('SELECT status FROM messages').all() as Array<{ status: string }> }
  } finally {
    db.close()
  }
}

/** Writes settings straight into the database, past every check, as a hand edit or an old bug would. */
function writeSettingsPastTheChecks(settings: unknown): void {
  const db = new Database(join(h.home, 'workbench.db'))
  db.prepare("UPDATE kv SET value = ? WHERE key = 'settings'").run(JSON.stringify(settings))
  db.close()
}

describe('a model that cannot be used is refused before anything is stored', () => {
  it.each([
    ['nosuch:x', 'unknown_provider', /There is no provider "nosuch"/],
    ['openai:gpt-nope', 'unknown_model', /OpenAI has no chat model "gpt-nope"\. It offers: gpt-4o, gpt-4o-mini\.$/],
    ['openai:', 'invalid_payload', /chat\.send: "model": expected provider:model/]
  ])('%s: %s', async (model, code, message) => {
    const result = await h.call('chat.send', { content: 'hi', model })
    expect(result).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } })
    expect(rows()).toEqual({ conversations: [], messages: [] })
    expect(fakes.openai.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(0)
  })
})

describe('an answer never stays streaming', () => {
  it('refuses, with nothing stored, a route to an unknown provider written into the database past the checks', async () => {
    ok(await h.call('settings.get', {})) // the settings row exists
    ok(await h.call('settings.set', { key: 'timeouts.idleMs', value: 30_000 }))
    writeSettingsPastTheChecks({ ...DEFAULT_SETTINGS, routes: { default: ['nope:model'] } })
    const result = await h.call('chat.send', { content: 'hi' })
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_provider', message: expect.stringContaining('The route "default" names "nope:model"') } })
    expect(rows().messages).toEqual([])
  })

  it('ends as failed with a sentence when the picked provider is removed while the route is being resolved', async () => {
    // The model list holds the send in resolveRoute long enough to change the settings under it.
    fakes.anthropic.script.faults = [{ on: 'models', stallBeforeFirstByteMs: 1_500 }]
    const sending = h.call('chat.send', { content: 'hi', model: 'anthropic:claude-sonnet-4-5' })
    while (!fakes.anthropic.requests.some((r) => r.path === '/v1/models')) await new Promise((r) => setTimeout(r, 5))
    ok(await h.call('settings.setProviders', { providers: DEFAULT_SETTINGS.providers.filter((p) => p.id !== 'anthropic') }))

    const sent = ok<Sent>(await sending)
    const message: Message = await h.finished(sent.assistantMessageId)
    expect(message).toMatchObject({ status: 'failed', error: { code: 'unknown_provider' } })
    expect(message.error!.message).toMatch(/No provider "anthropic" is configured/)
    expect(rows().messages.map((m) => m.status)).toEqual(['complete', 'failed'])
  })
})

describe('settings are checked in the core, for every door', () => {
  it.each([
    ['routes.default', ['nope:model'], 'invalid_settings', /routes\.default names "nope:model", but there is no provider "nope"/],
    ['providers', [], 'invalid_settings', /at least one provider is needed/],
    ['nosuch.key', 1, 'unknown_setting', /"nosuch\.key" is not a setting\. Settings: providers, defaultModel, routes, /],
    ['timeouts.bogus', 5, 'unknown_setting', /"timeouts\.bogus" is not a setting/]
  ])('settings.set %s %j is refused with the reason', async (key, value, code, message) => {
    const before = ok<{ settings: unknown }>(await h.call('settings.get', {})).settings
    expect(await h.call('settings.set', { key, value })).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } })
    expect(ok<{ settings: unknown }>(await h.call('settings.get', {})).settings).toEqual(before)
  })

  it('settings.setProviders cannot drop a provider a route uses', async () => {
    ok(await h.call('settings.set', { key: 'routes.default', value: ['openai:gpt-4o-mini', 'ollama:llama3.2:1b'] }))
    const result = await h.call('settings.setProviders', { providers: DEFAULT_SETTINGS.providers.filter((p) => p.id !== 'openai') })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_settings', message: expect.stringContaining('there is no provider "openai"') } })
  })
})

describe('the default model is the core’s, asked for through the contract', () => {
  it('with cloud keys present and nothing set, is the local model, and a message with no model goes there', async () => {
    expect(ok(await h.call('models.default', {}))).toEqual({ model: 'ollama:llama3.2:1b' })
    const sent = ok<Sent>(await h.call('chat.send', { content: 'hi' }))
    expect(await h.finished(sent.assistantMessageId)).toMatchObject({ provider: 'ollama', model: 'llama3.2:1b' })
  })

  it('follows settings.defaultModel, then routes.default', async () => {
    ok(await h.call('settings.set', { key: 'routes.default', value: ['anthropic:claude-sonnet-4-5', 'ollama:llama3.2:1b'] }))
    expect(ok(await h.call('models.default', {}))).toEqual({ model: 'anthropic:claude-sonnet-4-5' })
    ok(await h.call('settings.setDefaultModel', { model: 'openai:gpt-4o-mini' }))
    expect(ok(await h.call('models.default', {}))).toEqual({ model: 'openai:gpt-4o-mini' })
  })
})
