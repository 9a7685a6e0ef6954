import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createCore } from '../../electron/core/core'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { createStore } from '../../electron/core/store/create-store'
import { createCoreClient } from '../../electron/main/core-client'
import { dispatch } from '../../shared/ipc/dispatch'
import type { Result } from '../../shared/ipc/contract'
import { startFakeInChild, type ChildFake } from '../support/fake-in-child'
import { tempHome } from '../support/temp-home'
import { recordResult } from './results'
import { ms, report } from './stats'

const ENTRY = resolve(__dirname, '../../out/main/core-process.js')
const KEY = 'sk-bench-0123456789abcdef'
const CONVERSATIONS = 5_000
const CHATS = 8

let fake: ChildFake
const homes: Array<ReturnType<typeof tempHome>> = []

beforeAll(async () => {
  // The provider runs in a process of its own: the measured process then does what Electron's main
  // process does (relay frames), not also the fake's SSE writing.
  fake = await startFakeInChild(resolve(__dirname, '../fakes/fake-openai-process.ts'), { apiKey: KEY, reply: Array.from({ length: 150 }, (_, i) => `w${i} `), tokenDelayMs: 2 })
})
afterAll(async () => {
  await fake?.close()
  for (const h of homes) h.remove()
})

/** A data directory with a long history, so listing conversations is real work. */
function seededHome(): { dir: string; env: Record<string, string> } {
  const home = tempHome('workbench-bench-')
  homes.push(home)
  const dir = join(home.dir, 'data')
  const store = createStore(join(dir, 'workbench.db'))
  for (let i = 0; i < CONVERSATIONS; i++) store.conversations.create(`Conversation number ${i} about something worth remembering`, Date.now() + i)
  store.close()
  return { dir, env: { WORKBENCH_HOME: dir, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseUrl, OLLAMA_HOST: 'http://127.0.0.1:9' } }
}

type Invoke = (channel: string, payload: unknown) => Promise<Result<unknown>>

/** What a busy user does at once: several streams, while the sidebar lists and searches everything. */
async function workload(invoke: Invoke, waitFinished: (ids: string[]) => Promise<void>): Promise<void> {
  const ids: string[] = []
  for (let i = 0; i < CHATS; i++) {
    const sent = await invoke('chat.send', { content: `stream ${i}`, model: 'openai:gpt-4o-mini' })
    if (!sent.ok) throw new Error(sent.error.message)
    ids.push((sent.value as { assistantMessageId: string }).assistantMessageId)
  }
  for (let i = 0; i < 10; i++) {
    const list = await invoke('conversations.list', i % 2 ? { query: 'number 4' } : {})
    expect(list.ok).toBe(true)
  }
  await waitFinished(ids)
}

/**
 * The event-loop lag of this process while `run` runs, and the garbage collections in it: the
 * longest stall of the relay is usually a GC pause (the test runner shares this heap), which the
 * report shows beside it so the max can be traced to what caused it.
 */
async function lagDuring(run: () => Promise<void>): Promise<{ p99: number; max: number; gcMax: number; gcCount: number }> {
  const gcs: number[] = []
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries().map((e) => e.duration)))
  observer.observe({ entryTypes: ['gc'] })
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  await run()
  histogram.disable()
  observer.disconnect()
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, gcMax: Math.max(0, ...gcs), gcCount: gcs.length }
}

it.skipIf(!existsSync(ENTRY))('keeps the main loop free: the core in its own process vs in the main process', async () => {
  // As the app runs: the main process only relays frames to a core process (a Node fork here, a utilityProcess in Electron).
  const split = seededHome()
  let longestRelayTask = 0
  const finished = new Map<string, () => void>()
  const client = createCoreClient({
    spawn: () => {
      const child = fork(ENTRY, [], { env: { PATH: process.env.PATH, ...split.env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
      return {
        postMessage: (m) => child.send(m),
        // Times every frame the relay handles: the longest is the relay's own longest task, told
        // apart from lag caused by other processes taking the CPU.
        onMessage: (l) =>
          child.on('message', (m) => {
            const t = performance.now()
            l(m)
            longestRelayTask = Math.max(longestRelayTask, performance.now() - t)
          }),
        onExit: (l) => child.on('exit', (code) => l(code ?? 1)),
        kill: () => child.kill('SIGKILL')
      }
    },
    onEvent: (name, payload) => {
      if (name === 'chat.finished') finished.get((payload as { message: { id: string } }).message.id)?.()
    }
  })
  const waitRelay = (ids: string[]) => Promise.all(ids.map((id) => new Promise<void>((r) => finished.set(id, r)))).then(() => undefined)
  await client.request('conversations.list', {}) // started and warm
  const relayed = await lagDuring(() => workload((c, p) => client.request(c, p), waitRelay))
  await client.shutdown()

  // The anti-pattern: the same core on the main thread (what Electron's main process would suffer).
  const inline = seededHome()
  const core = createCore({ home: inline.dir, env: inline.env, secrets: new MemorySecretStore(), resilience: { offline: { osOffline: () => false } } })
  const waitInline = (ids: string[]) => Promise.all(ids.map((id) => core.settled(id))).then(() => undefined)
  await dispatch(core.handlers, 'conversations.list', {})
  const inProcess = await lagDuring(() => workload((c, p) => dispatch(core.handlers, c, p), waitInline))
  await core.close()

  report(`Main-loop lag: ${CHATS} streams + 10 listings of ${CONVERSATIONS} conversations`, [
    { where: 'core in its own process (the app)', 'lag p99': ms(relayed.p99), 'lag max': ms(relayed.max), 'longest GC': ms(relayed.gcMax), GCs: relayed.gcCount },
    { where: 'core on the main thread (avoided)', 'lag p99': ms(inProcess.p99), 'lag max': ms(inProcess.max), 'longest GC': ms(inProcess.gcMax), GCs: inProcess.gcCount }
  ])
  console.log(`longest relay task (one frame handled): ${ms(longestRelayTask)}`)
  recordResult('mainLoop', { conversations: CONVERSATIONS, chats: CHATS, relayed: { ...relayed, longestRelayTask }, inProcess })
  // The README's promise: no task of the relay over 5 ms, and a lag p99 under 5 ms. The max lag
  // is reported, not asserted: on two cores shared with the core, the fake and the runner, it is
  // the scheduler (the relay's own tasks and GCs are shown beside it to tell).
  expect(longestRelayTask).toBeLessThan(5)
  expect(relayed.p99).toBeLessThan(5)
})
