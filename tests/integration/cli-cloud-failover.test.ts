import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/fake-anthropic'
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama'
import { closedPort } from '../support/closed-port'
import { asCloudHost, cloudDnsEnv } from '../support/fake-cloud-host'
import { ANTHROPIC_TEST_KEY, OPENAI_TEST_KEY } from '../support/fake-providers'
import { tempHome } from '../support/temp-home'
import { runWorkbench } from '../support/workbench-cli'

// The route of issue 7: OpenAI refuses connections, Anthropic is healthy, Ollama is the last tier.
const ROUTE = ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.2']

let anthropic: FakeAnthropic
let ollama: FakeOllama
let home: ReturnType<typeof tempHome>
let env: Record<string, string>

beforeAll(async () => {
  anthropic = await startFakeAnthropic({ apiKey: ANTHROPIC_TEST_KEY, models: ['claude-haiku-4-5'], reply: ['From ', 'Anthropic.'] })
  ollama = await startFakeOllama({ models: ['llama3.2'], reply: ['From ', 'the ', 'laptop.'] })
  home = tempHome()
  env = {
    PATH: process.env.PATH ?? '',
    HOME: home.dir,
    WORKBENCH_HOME: join(home.dir, 'data'),
    // Both cloud providers under internet names (resolved to loopback by the preload), as api.openai.com would be.
    ...cloudDnsEnv(),
    OPENAI_BASE_URL: asCloudHost(`http://127.0.0.1:${await closedPort()}/v1`, 'openai'),
    OPENAI_API_KEY: OPENAI_TEST_KEY,
    ANTHROPIC_BASE_URL: asCloudHost(anthropic.url, 'anthropic'),
    ANTHROPIC_API_KEY: ANTHROPIC_TEST_KEY,
    OLLAMA_HOST: ollama.baseUrl
  }
  const set = await runWorkbench(['config', 'set', 'routes.default', JSON.stringify(ROUTE)], env)
  expect(set.code, set.stderr).toBe(0)
})
afterAll(async () => {
  await Promise.all([anthropic?.close(), ollama?.close()])
  home?.remove()
})

describe('one cloud provider refusing connections is not "offline" (CLI)', () => {
  it('serves the answer from the healthy cloud provider, the next tier, with no offline wording', async () => {
    const run = await runWorkbench(['chat', 'hi', '--route', 'default', '--json'], env)
    expect(run.code, run.stderr).toBe(0)
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    const done = events.at(-1) as { type: string; servedBy: string; tier: number; attempts: Array<{ provider: string; outcome: string; message: string | null }> }
    // tier counts from 0: anthropic is the route's second target.
    expect(done).toMatchObject({ type: 'done', servedBy: 'anthropic:claude-haiku-4-5', tier: 1 })
    expect(done.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['openai', 'network'],
      ['anthropic', 'ok']
    ])
    expect(events.filter((e) => e.type === 'token').map((e) => e.text).join('')).toBe('From Anthropic.')
    expect(run.stdout + run.stderr).not.toMatch(/offline/i)
    expect(anthropic.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(1)
    expect(ollama.requests.filter((r) => r.path === '/api/chat')).toHaveLength(0)
  })
})
