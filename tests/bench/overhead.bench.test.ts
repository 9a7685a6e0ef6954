import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/core'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { dispatch } from '../../shared/ipc/dispatch'
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai'
import { tempHome } from '../support/temp-home'
import { interleaved } from './interleave'
import { added, column, ms, paired, report, summarise } from './stats'
import { recordResult } from './results'

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000)
const WARMUP = 100
const KEY = 'sk-bench-0123456789abcdef'
const TOKENS = Array.from({ length: 20 }, (_, i) => `tok${i} `)

let fake: FakeOpenAI
let home: ReturnType<typeof tempHome>
let core: Core

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY, reply: TOKENS })
  home = tempHome('workbench-bench-')
  core = createCore({
    home: join(home.dir, 'data'),
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseUrl, OLLAMA_HOST: 'http://127.0.0.1:9' },
    secrets: new MemorySecretStore(),
    resilience: { offline: { osOffline: () => false } }
  })
  // Only OpenAI in the route: the overhead of the client, not of a fallback.
  await dispatch(core.handlers, 'settings.set', { key: 'routes.bench', value: ['openai:gpt-4o-mini'] })
})

afterAll(async () => {
  await core?.close()
  await fake?.close()
  home?.remove()
})

/** The baseline: the official SDK alone, streaming from the same server. */
async function bareSdk(client: OpenAI): Promise<{ ttft: number; total: number }> {
  const start = performance.now()
  let ttft = -1
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } })
  for await (const chunk of stream) if (ttft < 0 && chunk.choices[0]?.delta?.content) ttft = performance.now() - start
  return { ttft, total: performance.now() - start }
}

/** The full path a user's message takes: contract, store, route, every policy, the same SDK. */
async function throughClient(): Promise<{ ttft: number; total: number }> {
  const start = performance.now()
  let ttft = -1
  let messageId = ''
  const done = new Promise<void>((resolve) => {
    const offDelta = core.events.on('chat.delta', (p) => {
      if (ttft < 0 && (messageId === '' || p.messageId === messageId)) ttft = performance.now() - start
    })
    const offDone = core.events.on('chat.finished', (p) => {
      if (p.message.id !== messageId) return
      offDelta()
      offDone()
      expect(p.message.status).toBe('complete')
      resolve()
    })
  })
  const sent = await dispatch(core.handlers, 'chat.send', { content: 'hi', route: 'bench' })
  if (!sent.ok) throw new Error(sent.error.message)
  messageId = (sent.value as { assistantMessageId: string }).assistantMessageId
  await done
  return { ttft, total: performance.now() - start }
}

it(`adds under 1 ms at p50 and 5 ms at p99 over the bare SDK (${ITERATIONS} interleaved rounds)`, async () => {
  const sdk = new OpenAI({ apiKey: KEY, baseURL: fake.baseUrl, maxRetries: 0 })
  // Round by round, the order rotating, so drift in the machine's load hits both sides alike.
  const samples = await interleaved({ sdk: () => bareSdk(sdk), client: throughClient }, { rounds: ITERATIONS, warmup: WARMUP })
  const b = { ttft: summarise(column(samples.sdk, 'ttft')), total: summarise(column(samples.sdk, 'total')) }
  const f = { ttft: summarise(column(samples.client, 'ttft')), total: summarise(column(samples.client, 'total')) }
  const diff = { ttft: paired(samples.sdk, samples.client, 'ttft'), total: paired(samples.sdk, samples.client, 'total') }
  report('Overhead: full client vs bare openai SDK, fake OpenAI on loopback', [
    { path: 'bare SDK', 'ttft p50': ms(b.ttft.p50), 'ttft p99': ms(b.ttft.p99), 'total p50': ms(b.total.p50), 'total p99': ms(b.total.p99) },
    { path: 'full client', 'ttft p50': ms(f.ttft.p50), 'ttft p99': ms(f.ttft.p99), 'total p50': ms(f.total.p50), 'total p99': ms(f.total.p99) },
    { path: 'added, per round', 'ttft p50': added(diff.ttft.p50), 'ttft p99': added(diff.ttft.p99), 'total p50': added(diff.total.p50), 'total p99': added(diff.total.p99) }
  ])
  recordResult('overhead', { rounds: ITERATIONS, baseline: b, client: f, added: diff })
  expect(diff.ttft.p50).toBeLessThan(1)
  expect(diff.total.p50).toBeLessThan(1)
  expect(diff.ttft.p99).toBeLessThan(5)
  expect(diff.total.p99).toBeLessThan(5)
})
