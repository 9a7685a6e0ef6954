import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../shared/types/settings'
import { startServeProcess } from '../e2e/support/serve-process'
import { resetScripts, startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { connectServe } from '../support/serve-socket'
import { tempHome } from '../support/temp-home'
import { runWorkbench } from '../support/workbench-cli'

// The built CLI and `workbench serve`, as a user runs them (needs `npm run build`).
let fakes: FakeProviders
let home: ReturnType<typeof tempHome>
const data = () => join(home.dir, 'data')

beforeAll(async () => {
  fakes = await startFakeProviders()
})
afterAll(async () => {
  await fakes.close()
})
beforeEach(() => {
  resetScripts(fakes)
  home = tempHome()
})
afterEach(() => home.remove())

const env = () => ({ PATH: process.env.PATH ?? '', HOME: home.dir, WORKBENCH_HOME: data(), ...fakes.env })
const workbench = (...args: string[]) => runWorkbench(args, env())
const lines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)

function rows(): { conversations: number; statuses: string[] } {
  const db = new Database(join(data(), 'workbench.db'), { readonly: true })
  try {
    const conversations = (db.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number }).n
    return { conversations, statuses: (db.prepare('SELECT status FROM messages ORDER BY created_at').all() as Array<{ status: string }>).map((r) => r.status) }
  } finally {
    db.close()
  }
}

function writeSettingsPastTheChecks(settings: unknown): void {
  const db = new Database(join(data(), 'workbench.db'))
  db.prepare("INSERT INTO kv (key, value, updated_at) VALUES ('settings', ?, 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(settings))
  db.close()
}

describe('workbench chat with a model that cannot be used', () => {
  it('exits non-zero with an error event and stores nothing (--json)', async () => {
    const run = await workbench('chat', 'hi', '--model', 'nosuch:x', '--json')
    expect(run.code).toBe(1)
    expect(lines(run.stdout)).toEqual([{ type: 'error', code: 'unknown_provider', message: expect.stringContaining('There is no provider "nosuch"') }])
    expect(rows()).toEqual({ conversations: 0, statuses: [] })
  })

  it.each([
    ['openai:gpt-nope', /^error: OpenAI has no chat model "gpt-nope"\. It offers: gpt-4o, gpt-4o-mini\.$/m],
    ['openai:', /^error: chat\.send: "model": expected provider:model\.$/m]
  ])('%s: says why on stderr, exits non-zero, stores nothing', async (model, said) => {
    const run = await workbench('chat', 'hi', '--model', model)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(said)
    expect(rows().conversations).toBe(0)
  })
})

describe('workbench config', () => {
  it.each([
    ['nosuch.key', '1'],
    ['timeouts.bogus', '5']
  ])('refuses set %s with the list of valid keys', async (key, value) => {
    const run = await workbench('config', 'set', key, value)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(`error: "${key}" is not a setting. Settings: providers, defaultModel, routes, routes.<route name>, timeouts, timeouts.connectMs`)
  })

  it.each([
    ['routes.default', '["nope:model"]', /routes\.default names "nope:model", but there is no provider "nope" \(configured: openai, anthropic, ollama\)/],
    ['providers', '[]', /at least one provider is needed/]
  ])('refuses set %s %s, which would break every chat, with the reason', async (key, value, said) => {
    const run = await workbench('config', 'set', key, value)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(said)
    expect(JSON.parse((await workbench('config', 'get')).stdout)).toEqual(DEFAULT_SETTINGS)
  })

  it('prints the whole settings as JSON when get has no key', async () => {
    const run = await workbench('config', 'get')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual(DEFAULT_SETTINGS)
  })
})

describe('a route to an unknown provider written into the database past the checks', () => {
  it('makes chat exit non-zero with a message, and leaves nothing streaming', async () => {
    expect((await workbench('config', 'get')).code).toBe(0) // creates the database
    writeSettingsPastTheChecks({ ...DEFAULT_SETTINGS, routes: { default: ['nope:model'] } })
    const run = await workbench('chat', 'hi')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^error: The route "default" names "nope:model", but there is no provider "nope"/m)
    expect(rows().statuses).not.toContain('streaming')
  })

  it('gives a client of workbench serve an error, not an answer that spins', async () => {
    expect((await workbench('config', 'get')).code).toBe(0)
    writeSettingsPastTheChecks({ ...DEFAULT_SETTINGS, routes: { default: ['nope:model'] } })
    const serve = await startServeProcess(env())
    try {
      const socket = await connectServe(serve.url)
      const result = await socket.request('chat.send', { content: 'hi' })
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_provider', message: expect.stringContaining('names "nope:model"') } })
      // The refusal is the whole story: no answer was started that could stay streaming.
      expect(socket.events.filter((e) => e.name === 'chat.started')).toEqual([])
      socket.close()
    } finally {
      await serve.stop()
    }
    expect(rows().statuses).toEqual([])
  })
})
