import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createCore, type Core, type CoreOptions } from '../../electron/core/core'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { dispatch } from '../../shared/ipc/dispatch'
import type { Message } from '../../shared/types/domain'
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama'
import { closedPort } from '../support/closed-port'
import { asCloudHost } from '../support/fake-cloud-host'
import { tempHome } from '../support/temp-home'
import { recordResult } from './results'
import { interleaved } from './interleave'
import { added, column, ms, paired, report, summarise } from './stats'
// OpenAI must sit on the internet for the OS-offline variant to skip it (a loopback URL is "this machine", never
// skipped): *.cloud.test names resolve to loopback in this process.
import '../support/cloud-dns-preload.mjs'

const ITERATIONS = Math.max(100, Math.round(Number(process.env.BENCH_ITERATIONS ?? 1000) / 4))
let refusing = ''

let ollama: FakeOllama
const homes: Array<ReturnType<typeof tempHome>> = []
const cores: Core[] = []

beforeAll(async () => {
  ollama = await startFakeOllama({ reply: ['local ', 'answer'] })
  refusing = asCloudHost(`http://127.0.0.1:${await closedPort()}/v1`, 'openai')
})
afterAll(async () => {
  for (const c of cores) await c.close()
  for (const h of homes) h.remove()
  await ollama?.close()
})

async function startCore(resilience: CoreOptions['resilience']): Promise<Core> {
  const home = tempHome('workbench-bench-')
  homes.push(home)
  const core = createCore({
    home: join(home.dir, 'data'),
    env: { OPENAI_API_KEY: 'sk-bench-0123456789abcdef', OPENAI_BASE_URL: refusing, OLLAMA_HOST: ollama.baseUrl },
    secrets: new MemorySecretStore(),
    resilience
  })
  cores.push(core)
  await dispatch(core.handlers, 'settings.set', { key: 'routes.failover', value: ['openai:gpt-4o-mini', 'ollama:llama3.2:1b'] })
  await dispatch(core.handlers, 'settings.set', { key: 'routes.local', value: ['ollama:llama3.2:1b'] })
  return core
}

/** Time from send to the first token, and the attempts that led there. */
async function firstToken(core: Core, route: string): Promise<{ ttft: number; message: Message }> {
  const start = performance.now()
  let ttft = -1
  let id = ''
  const finished = new Promise<Message>((resolve) => {
    const offDelta = core.events.on('chat.delta', () => {
      if (ttft < 0) ttft = performance.now() - start
    })
    const offDone = core.events.on('chat.finished', (p) => {
      if (p.message.id !== id) return
      offDelta()
      offDone()
      resolve(p.message)
    })
  })
  const sent = await dispatch(core.handlers, 'chat.send', { content: 'hi', route })
  if (!sent.ok) throw new Error(sent.error.message)
  id = (sent.value as { assistantMessageId: string }).assistantMessageId
  const message = await finished
  return { ttft, message }
}

it(`fails over to the local model in under 50 ms with a closed breaker and under 5 ms with an open one or offline (${ITERATIONS} interleaved rounds)`, async () => {
  // Closed: the breaker never opens and offline detection is off, so every send really tries the refusing primary.
  const closed = await startCore({ breaker: { failureThreshold: 1_000_000, minimumCalls: 1_000_000 }, offline: { recheckMs: 0, osOffline: () => false } })
  // Open: the defaults; the first refusals open the breaker, then it is skipped. Offline detection off to isolate the breaker.
  const open = await startCore({ breaker: { cooldownMs: 3_600_000, maxCooldownMs: 3_600_000 }, offline: { recheckMs: 0, osOffline: () => false } })
  // Offline: the OS reports no network, so the cloud is skipped altogether.
  const offline = await startCore({ breaker: { failureThreshold: 1_000_000, minimumCalls: 1_000_000 }, offline: { osOffline: () => true, recheckMs: 3_600_000 } })

  // The open breaker needs its opening failures first (5 consecutive by default).
  for (let i = 0; i < 10; i++) await firstToken(open, 'failover')

  const outcomes = (m: Message) => m.attempts.map((a) => a.outcome)
  const variant = (core: Core, route: string, expected: string[]) => async () => {
    const r = await firstToken(core, route)
    expect(outcomes(r.message)).toEqual(expected)
    return { ttft: r.ttft }
  }
  const samples = await interleaved(
    {
      local: variant(closed, 'local', ['ok']),
      closed: variant(closed, 'failover', ['network', 'ok']),
      open: variant(open, 'failover', ['breaker-open', 'ok']),
      offline: variant(offline, 'failover', ['offline', 'ok'])
    },
    { rounds: ITERATIONS, warmup: 20 }
  )

  const base = summarise(column(samples.local, 'ttft'))
  const diff = {
    closed: paired(samples.local, samples.closed, 'ttft'),
    open: paired(samples.local, samples.open, 'ttft'),
    offline: paired(samples.local, samples.offline, 'ttft')
  }
  const row = (path: string, k: keyof typeof diff) => ({
    path,
    'ttft p50': ms(summarise(column(samples[k], 'ttft')).p50),
    'added p50 (per round)': added(diff[k].p50),
    'added p99 (per round)': added(diff[k].p99)
  })
  report('Failover: send → first token from the local fallback, minus the fallback alone in the same round', [
    { path: 'local only (baseline)', 'ttft p50': ms(base.p50), 'added p50 (per round)': '', 'added p99 (per round)': '' },
    row('primary refused, breaker closed', 'closed'),
    row('primary refused, breaker open', 'open'),
    row('cloud skipped, OS offline', 'offline')
  ])
  recordResult('failover', { rounds: ITERATIONS, baseline: base, added: diff })
  expect(diff.closed.p50).toBeLessThan(50)
  expect(diff.closed.p99).toBeLessThan(50)
  expect(diff.open.p50).toBeLessThan(5)
  expect(diff.open.p99).toBeLessThan(5)
  expect(diff.offline.p50).toBeLessThan(5)
  expect(diff.offline.p99).toBeLessThan(5)
})
