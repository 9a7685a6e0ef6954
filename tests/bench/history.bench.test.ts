import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createStore } from '../../electron/core/store/create-store'
import { currentProcessOwner } from '../../electron/core/store/process-liveness'
import { startFakeInChild, type ChildFake } from '../support/fake-in-child'
import { tempHome } from '../support/temp-home'
import { interleaved } from './interleave'
import { recordResult } from './results'
import { added, paired, report, type Summary } from './stats'
import { bareSdkDoor, BENCH_KEY, inProcessDoor } from './support/doors'

/**
 * Does a send cost more as the conversation grows? The core continues a conversation with 10,
 * 1,000 and 10,000 prior messages; the baseline is the bare SDK sending the very same body, so what
 * remains is the core's own cost of reading and building the history.
 */
const SIZES = [10, 1_000, 10_000] as const
const ROUNDS = Math.max(50, Math.round(Number(process.env.BENCH_ITERATIONS ?? 1000) / 5))
const REPLY = Array.from({ length: 10 }, (_, i) => `tok${i} `)

let fake: ChildFake
const homes: Array<ReturnType<typeof tempHome>> = []
const conversations = new Map<number, ReturnType<typeof seeded>>()

beforeAll(async () => {
  // Seed first: the writes are synchronous, and an event loop blocked for seconds between rounds
  // would let the fake close idle keep-alive sockets under the clients' feet.
  for (const size of SIZES) conversations.set(size, seeded(size))
  fake = await startFakeInChild(resolve(__dirname, '../fakes/fake-openai-process.ts'), { apiKey: BENCH_KEY, reply: REPLY })
})
afterAll(async () => {
  await fake?.close()
  for (const h of homes) h.remove()
})

type Turn = { role: 'user' | 'assistant'; content: string }

/** A data directory holding one conversation of `size` messages, written through the store as sends would. */
function seeded(size: number): { home: string; conversationId: string; history: Turn[] } {
  const t = tempHome('workbench-bench-')
  homes.push(t)
  const home = join(t.dir, 'data')
  const store = createStore(join(home, 'workbench.db'))
  const conversationId = store.conversations.create('A long conversation', Date.now()).id
  const history: Turn[] = []
  for (let i = 0; i < size / 2; i++) {
    const question = `Question ${i}: how does write-ahead logging keep readers and a writer apart?`
    const answer = `Answer ${i}: readers see the last commit while the writer appends to the log; a checkpoint folds it back.`
    const { assistant } = store.messages.insertTurn({ conversationId, content: question, provider: 'openai', model: 'gpt-4o-mini', idempotencyKey: null, now: Date.now(), owner: currentProcessOwner() })
    store.messages.finish(assistant.id, { status: 'complete', content: answer, completedAt: Date.now(), firstTokenMs: 1, latencyMs: 2, usage: null, finishReason: 'stop', error: null, provider: 'openai', model: 'gpt-4o-mini', tier: 0 })
    history.push({ role: 'user', content: question }, { role: 'assistant', content: answer })
  }
  store.close()
  return { home, conversationId, history }
}

it(`keeps a send's added cost flat as the conversation grows (${SIZES.join(', ')} prior messages, ${ROUNDS} rounds each)`, async () => {
  const results: Record<number, { ttft: Summary; total: Summary }> = {}
  for (const size of SIZES) {
    const { home, conversationId, history } = conversations.get(size)!
    const core = await inProcessDoor(home, fake.baseUrl)
    // Both sides send the same body: the core's turns are mirrored into the baseline's history.
    const sdk = bareSdkDoor(fake.baseUrl, () => history)
    const samples = await interleaved(
      {
        sdk: () => sdk.send('hi'),
        core: async () => {
          const figures = await core.send('hi', { conversationId })
          history.push({ role: 'user', content: 'hi' }, { role: 'assistant', content: REPLY.join('') })
          return figures
        }
      },
      { rounds: ROUNDS, warmup: 10 }
    )
    await core.close()
    results[size] = { ttft: paired(samples.sdk, samples.core, 'ttft'), total: paired(samples.sdk, samples.core, 'total') }
  }
  report(`History length: added over the bare SDK sending the same body, per round (${ROUNDS} rounds)`, SIZES.map((size) => ({
    'prior messages': size,
    'ttft p50': added(results[size]!.ttft.p50),
    'ttft p99': added(results[size]!.ttft.p99),
    'total p50': added(results[size]!.total.p50),
    'total p99': added(results[size]!.total.p99)
  })))
  recordResult('history', { rounds: ROUNDS, added: results })
  // The hot-path issue's floor: at 10,000 prior messages within 2× of the cost at 10 (0.5 ms of slack for noise at tiny values).
  expect(results[10_000]!.ttft.p50).toBeLessThan(Math.max(2 * results[10]!.ttft.p50, results[10]!.ttft.p50 + 0.5))
})
