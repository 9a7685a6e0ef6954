import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../shared/ipc/contract'
import type { HealthView } from '../../shared/types/domain'
import { DEFAULT_SETTINGS, type ProviderConfig } from '../../shared/types/settings'
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama'
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai'
import { closedPort } from '../support/closed-port'
import { ok, startCore, type CoreHarness } from '../support/core-harness'
import { asCloudHost } from '../support/fake-cloud-host'
import { ANTHROPIC_TEST_KEY, OPENAI_TEST_KEY } from '../support/fake-providers'
// Resolves *.cloud.test to loopback in this test process, so cloud targets look like api.openai.com does.
import '../support/cloud-dns-preload.mjs'

let ollama: FakeOllama
let gateway: FakeOpenAI
let refusing: { openai: string; anthropic: string }
let h: CoreHarness | null = null

beforeAll(async () => {
  ollama = await startFakeOllama({ models: ['llama3.2'], reply: ['local'] })
  gateway = await startFakeOpenAI({ reply: ['via the gateway'] })
  refusing = {
    openai: asCloudHost(`http://127.0.0.1:${await closedPort()}/v1`, 'openai'),
    anthropic: asCloudHost(`http://127.0.0.1:${await closedPort()}`, 'anthropic')
  }
})
afterEach(async () => {
  await h?.close()
  h = null
})
afterAll(async () => {
  await Promise.all([ollama?.close(), gateway?.close()])
})

type Sent = { assistantMessageId: string }

function start(env: Record<string, string> = {}, osOffline = false): CoreHarness {
  h = startCore(
    { OPENAI_BASE_URL: refusing.openai, OPENAI_API_KEY: OPENAI_TEST_KEY, ANTHROPIC_BASE_URL: refusing.anthropic, ANTHROPIC_API_KEY: ANTHROPIC_TEST_KEY, OLLAMA_HOST: ollama.baseUrl, ...env },
    // The breaker stays closed, so every skip here is the offline detector's doing.
    { resilience: { breaker: { failureThreshold: 1000, minimumCalls: 1000 }, offline: { osOffline: () => osOffline } } }
  )
  return h
}

async function outcomes(core: CoreHarness, route: string): Promise<string[]> {
  const sent = ok<Sent>(await core.call('chat.send', { content: 'hi', route }))
  const message = await core.finished(sent.assistantMessageId)
  expect(message.status).toBe('complete')
  return message.attempts.map((a) => `${a.provider}:${a.outcome}`)
}

const withProviders = (...extra: ProviderConfig[]) => ({ providers: [...DEFAULT_SETTINGS.providers, ...extra] })
const compatible = (id: string, baseUrl: string): ProviderConfig => ({ id, kind: 'openai-compatible', label: id, baseUrl, enabled: true, limits: { requestsPerMinute: null, tokensPerMinute: null, maxConcurrent: 4 } })

describe('offline routing through the core', () => {
  it('skips the cloud once two distinct cloud hosts were unreachable, and says so on Health', async () => {
    const core = start()
    ok(await core.call('settings.set', { key: 'routes.cloud', value: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.2'] }))
    expect(await outcomes(core, 'cloud')).toEqual(['openai:network', 'anthropic:network', 'ollama:ok'])
    expect(await outcomes(core, 'cloud')).toEqual(['openai:offline', 'anthropic:offline', 'ollama:ok'])
    const health = ok<HealthView>(await core.call('health.get', {}))
    expect(health).toMatchObject({ offline: true, offlineReason: 'cloud-unreachable' })
    expect([...health.unreachableHosts].sort()).toEqual(['anthropic.cloud.test', 'openai.cloud.test'])
  })

  it('still tries a cloud host that has not failed itself, and its answer ends the offline spell', async () => {
    const core = start()
    ok(await core.call('settings.setProviders', withProviders(compatible('gateway', asCloudHost(gateway.baseUrl, 'gateway')))))
    ok(await core.call('settings.set', { key: 'routes.cloud', value: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.2'] }))
    ok(await core.call('settings.set', { key: 'routes.gateway', value: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'gateway:gpt-4o-mini', 'ollama:llama3.2'] }))
    await outcomes(core, 'cloud')
    expect(await outcomes(core, 'gateway')).toEqual(['openai:network', 'anthropic:network', 'gateway:ok'])
    expect(ok<HealthView>(await core.call('health.get', {})).offline).toBe(false)
  })

  it('never calls it offline when one host refuses twice (two providers behind one dead proxy)', async () => {
    const core = start()
    ok(await core.call('settings.setProviders', withProviders(compatible('proxy', refusing.openai))))
    ok(await core.call('settings.set', { key: 'routes.proxied', value: ['openai:gpt-4o-mini', 'proxy:gpt-4o-mini', 'ollama:llama3.2'] }))
    for (let i = 0; i < 3; i++) expect(await outcomes(core, 'proxied')).toEqual(['openai:network', 'proxy:network', 'ollama:ok'])
  })

  it('skips internet targets when the OS has no network, but never one on this machine', async () => {
    // Anthropic behind a proxy on loopback: this machine, so it is tried even with no network.
    const core = start({ ANTHROPIC_BASE_URL: gateway.url }, true)
    ok(await core.call('settings.set', { key: 'routes.cloud', value: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.2'] }))
    // The gateway speaks OpenAI, not Anthropic: its 404 proves anthropic was tried, not skipped.
    const tried = await outcomes(core, 'cloud')
    expect(tried[0]).toBe('openai:offline')
    expect(tried[1]).toMatch(/^anthropic:(?!offline)/)
    expect(tried.at(-1)).toBe('ollama:ok')
    expect(ok<HealthView>(await core.call('health.get', {}))).toMatchObject({ offline: true, offlineReason: 'no-network' })
  })

  it('tells every door the route it resolved, with chat.started', async () => {
    const core = start()
    ok(await core.call('settings.set', { key: 'routes.default', value: ['anthropic:claude-haiku-4-5'] }))
    const sent = ok<Sent>(await core.call('chat.send', { content: 'hi', model: 'openai:gpt-4o-mini' }))
    // The picked model first, the default route, then the installed local model as the last tier.
    const resolved = ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.2']
    const started = core.events.find((e) => e.name === 'chat.started')?.payload as EventPayload<'chat.started'>
    expect(started).toMatchObject({ message: { id: sent.assistantMessageId }, targets: resolved })
    await core.finished(sent.assistantMessageId)
  })
})
