import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createCore, type Core, type CoreOptions } from '../../electron/core/core'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { dispatch } from '../../shared/ipc/dispatch'
import type { Message } from '../../shared/types/domain'
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama'
import { closedPort } from '../support/closed-port'
import { tempHome } from '../support/temp-home'
import { recordResult } from './results'
import { ms, report, summarise } from './stats'

const ITERATIONS = Math.max(100, Math.round(Number(process.env.BENCH_ITERATIONS ?? 1000) / 4))
let refusing = ''

let ollama: FakeOllama
const homes: Array<ReturnType<typeof tempHome>> = []
const cores: Core[] = []

beforeAll(async () => {
  ollama = await startFakeOllama({ reply: ['local ', 'answer'] })
  refusing = `http://127.0.0.1:${await closedPort()}/v1`
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

async function measure(core: Core, route: string, check: (m: Message) => void): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < 20; i++) await firstToken(core, route)
  for (let i = 0; i < ITERATIONS; i++) {
    const r = await firstToken(core, route)
    check(r.message)
    out.push(r.ttft)
  }
  return out
}

it(`fails over to the local model in under 50 ms with a closed breaker and under 5 ms with an open one (${ITERATIONS} each)`, async () => {
  // Closed: the breaker never opens and offline detection is off, so every send really tries the refusing primary.
  const closed = await startCore({ breaker: { failureThreshold: 1_000_000, minimumCalls: 1_000_000 }, offline: { recheckMs: 0, osOffline: () => false } })
  // Open: the defaults; the first refusals open the breaker, then it is skipped. Offline detection off to isolate the breaker.
  const open = await startCore({ breaker: { cooldownMs: 3_600_000, maxCooldownMs: 3_600_000 }, offline: { recheckMs: 0, osOffline: () => false } })
  // Offline: the detector sees every cloud target refuse and skips the cloud altogether.
  const offline = await startCore({ breaker: { failureThreshold: 1_000_000, minimumCalls: 1_000_000 }, offline: { osOffline: () => false, recheckMs: 3_600_000 } })

  const local = await measure(closed, 'local', (m) => expect(m.tier).toBe(0))
  const viaClosed = await measure(closed, 'failover', (m) => expect(m.attempts.map((a) => a.outcome)).toEqual(['network', 'ok']))
  const viaOpen = await measure(open, 'failover', (m) => expect(m.attempts.map((a) => a.outcome)).toEqual(['breaker-open', 'ok']))
  const viaOffline = await measure(offline, 'failover', (m) => expect(m.attempts.map((a) => a.outcome)).toEqual(['offline', 'ok']))

  const base = summarise(local)
  const rows = [
    { path: 'local only (baseline)', ...summarise(local) },
    { path: 'primary refused, breaker closed', ...summarise(viaClosed) },
    { path: 'primary refused, breaker open', ...summarise(viaOpen) },
    { path: 'primary refused, offline detected', ...summarise(viaOffline) }
  ].map((r) => ({ path: r.path, 'ttft p50': ms(r.p50), 'ttft p99': ms(r.p99), 'added p50': ms(r.p50 - base.p50), 'added p99': ms(r.p99 - base.p99) }))
  report('Failover: send → first token from the local fallback, minus the fallback alone', rows)
  const added = {
    closedP50: summarise(viaClosed).p50 - base.p50,
    closedP99: summarise(viaClosed).p99 - base.p99,
    openP50: summarise(viaOpen).p50 - base.p50,
    openP99: summarise(viaOpen).p99 - base.p99,
    offlineP50: summarise(viaOffline).p50 - base.p50
  }
  recordResult('failover', { iterations: ITERATIONS, baseline: base, added })
  expect(added.closedP50).toBeLessThan(50)
  expect(added.closedP99).toBeLessThan(50)
  expect(added.openP50).toBeLessThan(5)
  expect(added.openP99).toBeLessThan(5)
})
