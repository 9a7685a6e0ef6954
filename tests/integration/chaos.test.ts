/**
 * Chaos: twelve lanes of users send 504 prompts through three fake providers whose every request
 * may fail in one of the ways real providers do, and an oracle written apart from the client
 * (attempt-invariants.ts) checks every stored answer and attempt.
 *
 * Replaying a failure: the run prints its seed; run it again with that seed,
 *   CHAOS_SEED=123456789 npx vitest run --project unit tests/integration/chaos.test.ts
 * What the seed fixes: the fault of every request, as a pure function of (seed, provider, prompt,
 * try number of that prompt on that provider), never of arrival order (chaosFaultFor); each lane's
 * routes, pauses and Stops; when a lane presses Stop (after its k-th streamed token, not after so
 * many ms); and the retry jitter. So the answer that broke an invariant meets the same faults,
 * in the same order, when replayed. What it cannot fix: how the twelve concurrent lanes interleave
 * on a real event loop, hence which answers find a breaker open (breakers count failures across
 * lanes and cool down on real time) and whether a connect timeout beats a slow machine. When a
 * replay passes, the violation depended on that interleaving: its message names the answer and
 * every attempt, which is what to read.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AttemptRow, MessageRow } from '../../electron/core/store/rows'
import { answerViolations, SKIP_OUTCOMES, type RouteTarget } from '../support/attempt-invariants'
import { CHAOS_TOKENS, chaosFaultFor, chaosPrompt, chaosReply, installChaos, outageSends } from '../support/chaos-script'
import { ok, startCore, type CoreHarness } from '../support/core-harness'
import { startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { readDb } from '../support/read-db'
import { chaosSeed, mixSeed, seededRandom } from '../support/seeded-random'
import { countBy, delay } from '../support/small-helpers'

const LANES = 12
const SENDS_PER_LANE = 42
/** A lane starts a new conversation this often, so histories stay short. */
const SENDS_PER_CONVERSATION = 7
const STOP_CHANCE = 0.1
const RETRY = { baseDelayMs: 2, maxDelayMs: 10, maxRetryAfterMs: 200, maxRetries: 2 }
/**
 * Breakers that shrug off the mix's scattered failures (a third of requests) but open on the
 * outages the fault queues hold, with cool-downs short enough to probe and close within the run.
 */
const BREAKER = { failureThreshold: 5, failureRateThreshold: 0.7, minimumCalls: 20, windowMs: 2_000, cooldownMs: 200, maxCooldownMs: 400, probeLeaseMs: 5_000 }
const PROVIDERS = ['openai', 'anthropic', 'ollama'] as const
type ProviderId = (typeof PROVIDERS)[number]
const CHAT_PATH: Record<ProviderId, string> = { openai: '/v1/chat/completions', anthropic: '/v1/messages', ollama: '/api/chat' }
const TARGETS: readonly RouteTarget[] = [
  { provider: 'openai', model: 'gpt-4o-mini' },
  { provider: 'anthropic', model: 'claude-sonnet-4-5' },
  { provider: 'ollama', model: 'llama3.2:1b' }
]
/** Every ordered choice of 2 or 3 distinct targets: 12 routes, named by their target indices. */
const ROUTES: Record<string, RouteTarget[]> = Object.fromEntries(
  ['01', '02', '10', '12', '20', '21', '012', '021', '102', '120', '201', '210'].map((order) => [`chaos-${order}`, [...order].map((i) => TARGETS[Number(i)]!)])
)
/** Warnings the SDKs print under these faults (a deprecated model name, a garbled NDJSON line): expected noise. */
const SDK_NOISE = /is deprecated and will reach end-of-life|^invalid json/

interface Sent {
  conversationId: string
  userMessageId: string
  assistantMessageId: string
  prompt: string
  route: string
  stopRequested: boolean
}

const seed = chaosSeed()
let fakes: FakeProviders
let h: CoreHarness | undefined
const rejections: unknown[] = []
const onRejection = (reason: unknown) => rejections.push(reason)

beforeAll(async () => {
  process.on('unhandledRejection', onRejection)
  fakes = await startFakeProviders()
})
afterAll(async () => {
  process.off('unhandledRejection', onRejection)
  vi.restoreAllMocks()
  await h?.close()
  await fakes.close()
})

describe('chaos: hundreds of answers through providers that fail at random', () => {
  it('draws the same fault for each request from the same seed, whatever order requests arrive in', () => {
    const requests = PROVIDERS.flatMap((p) => Array.from({ length: 60 }, (_, i) => ({ p, prompt: chaosPrompt(i % LANES, i % SENDS_PER_LANE), tryNo: 1 + (i % 3) })))
    const script = (order: typeof requests) => new Map(order.map((r) => [`${r.p} ${r.prompt} ${r.tryNo}`, chaosFaultFor(seed, r.p, r.prompt, r.tryNo)]))
    const forwards = script(requests)
    expect(script([...requests].reverse())).toEqual(forwards)
    expect(script(seededRandom(seed + 1).shuffle(requests))).toEqual(forwards)
    // Another seed gives another script, and each provider's outages are where the seed puts them.
    expect(new Map(requests.map((r) => [`${r.p} ${r.prompt} ${r.tryNo}`, chaosFaultFor(seed + 1, r.p, r.prompt, r.tryNo)]))).not.toEqual(forwards)
    for (const p of PROVIDERS) expect([...outageSends(seed, p)]).toEqual([...outageSends(seed, p)])

    // Through a fake: two concurrent answers reach it in either order and each still gets its own faults.
    const served = (order: string[]) => {
      const fake = { reply: [], faults: [], defaultFault: null } as unknown as Parameters<typeof installChaos>[0]
      installChaos(fake, 'openai', seed)
      const body = (prompt: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] })
      return new Map(order.map((prompt, i) => [`${prompt} #${order.slice(0, i).filter((q) => q === prompt).length + 1}`, fake.faultFor!({ body: body(prompt) } as never)]))
    }
    const a = chaosPrompt(0, 3)
    const b = chaosPrompt(1, 3)
    expect(served([a, b, a, b, b])).toEqual(served([b, b, a, b, a]))
  })

  it(`keeps every answer, attempt and request consistent (seed ${seed}; replay with CHAOS_SEED)`, async () => {
    console.log(`chaos seed ${seed} (replay with CHAOS_SEED=${seed})`)
    const started = performance.now()
    const warn = console.warn.bind(console)
    vi.spyOn(console, 'warn').mockImplementation((first: unknown, ...rest: unknown[]) => void (SDK_NOISE.test(String(first)) || warn(first, ...rest)))
    const chatErrors = vi.spyOn(console, 'error')
    const drawn = Object.fromEntries(PROVIDERS.map((p) => [p, installChaos(fakes[p].script, p, seed)])) as Record<ProviderId, string[]>
    for (const p of PROVIDERS) fakes[p].script.tokenDelayMs = 2

    h = startCore(fakes.env, {
      resilience: {
        // Seeded jitter: Math.random would make the waits differ on a replay.
        retry: { ...RETRY, random: seededRandom(mixSeed(seed, 'retry-jitter')).next },
        breaker: BREAKER,
        offline: { osOffline: () => false }
      }
    })
    // Limits a busy machine's event loop (the fakes, the core and twelve lanes share it, beside two
    // CPU burners) cannot reach by itself, so a timeout comes from a stall fault, which stalls
    // forever, not from the machine's load. Seconds, not hundreds of ms: lags of ~1 s were seen.
    ok(await h.call('settings.set', { key: 'timeouts', value: { connectMs: 4_000, firstTokenMs: 5_000, idleMs: 4_000, totalMs: 30_000 } }))
    const routeRefs = Object.fromEntries(Object.entries(ROUTES).map(([name, targets]) => [name, targets.map((t) => `${t.provider}:${t.model}`)]))
    ok(await h.call('settings.set', { key: 'routes', value: routeRefs }))

    const sends: Sent[] = []
    await Promise.all(Array.from({ length: LANES }, (_, lane) => runLane(h!, lane, sends)))
    const runMs = performance.now() - started

    const { messages, attempts } = readDb(join(h.home, 'workbench.db'), (db) => ({
      messages: db.prepare('SELECT * FROM messages').all() as MessageRow[],
      attempts: db.prepare('SELECT * FROM attempts ORDER BY message_id, seq').all() as AttemptRow[]
    }))
    const byId = new Map(messages.map((m) => [m.id, m]))
    const attemptsOf = new Map<string, AttemptRow[]>()
    for (const a of attempts) attemptsOf.set(a.message_id, [...(attemptsOf.get(a.message_id) ?? []), a])
    const requestsTo = (p: ProviderId) => fakes[p].requests.filter((r) => r.path === CHAT_PATH[p]).length
    const told = new Map(
      h.events
        .filter((e) => e.name === 'chat.finished')
        .map((e) => (e.payload as { message: { id: string; status: string; content: string } }).message)
        .map((m) => [m.id, m])
    )
    // A try given up (timeout, Stop, failover) must close its connection: stalled requests wait forever otherwise.
    const unsettled = await countUnsettled(PROVIDERS.flatMap((p) => fakes[p].requests), 1_000)

    // A Stop may end a try before its request left (queued for a connection slot) or arrived, and
    // a connect timeout may fire before the busy event loop read a request: only those tries may
    // lack a request. No request may lack a try, and no skip may have sent one.
    const perProvider = PROVIDERS.map((p) => {
      const mine = attempts.filter((a) => a.provider === p)
      const tried = mine.filter((a) => !SKIP_OUTCOMES.has(a.outcome)).length
      const mayLackRequest = mine.filter((a) => a.outcome === 'aborted' || a.outcome === 'timeout-connect').length
      return { provider: p, received: requestsTo(p), tried, skipped: mine.length - tried, mayLackRequest }
    })
    const outcomes = countBy(attempts.map((a) => a.outcome))
    const statuses = countBy(sends.map((s) => byId.get(s.assistantMessageId)?.status ?? 'missing'))
    console.log(
      [
        `chaos seed ${seed}: ${sends.length} sends, ${attempts.length} attempts in ${Math.round(runMs)} ms`,
        `answers: ${JSON.stringify(statuses)}`,
        `attempt outcomes: ${JSON.stringify(outcomes)}`,
        ...perProvider.map((p) => `${p.provider}: ${p.received} requests, ${p.tried} tries, ${p.skipped} skips; faults served ${JSON.stringify(countBy(drawn[p.provider]))}`)
      ].join('\n')
    )

    // Every send is stored, its prompt as sent and its answer finished consistently.
    expect(sends).toHaveLength(LANES * SENDS_PER_LANE)
    expect(messages).toHaveLength(2 * sends.length)
    const violations = sends.flatMap((s) => {
      const user = byId.get(s.userMessageId)
      const answer = byId.get(s.assistantMessageId)
      const problems = user?.content === s.prompt && user.status === 'complete' && user.conversation_id === s.conversationId ? [] : [`user message "${s.prompt}" is missing or changed`]
      if (!answer) return [...problems, `answer to "${s.prompt}" is missing`]
      const finished = told.get(answer.id)
      if (finished?.status !== answer.status || finished.content !== answer.content) problems.push(`chat.finished for "${s.prompt}" differs from what was stored`)
      return [
        ...problems,
        ...answerViolations(answer, attemptsOf.get(answer.id) ?? [], {
          route: ROUTES[s.route]!,
          reply: (t) => chaosReply(t.provider, t.model, s.prompt).join(''),
          stopRequested: s.stopRequested,
          retry: { maxRetries: RETRY.maxRetries, maxWaitMs: Math.max(RETRY.maxDelayMs, RETRY.maxRetryAfterMs) }
        })
      ]
    })
    expect(violations).toEqual([])
    expect(unsettled, 'requests whose connection the client never closed').toBe(0)
    for (const p of perProvider) {
      expect(p.received, `${p.provider}: more requests than recorded tries`).toBeLessThanOrEqual(p.tried)
      expect(p.tried - p.received, `${p.provider}: tries without a request`).toBeLessThanOrEqual(p.mayLackRequest)
      expect(drawn[p.provider].length, `${p.provider}: requests that bypassed the fault script`).toBe(p.received)
    }

    // The run really covered the mix, and most answers still arrived.
    for (const outcome of ['ok', 'breaker-open', 'http-429', 'http-5xx', 'http-4xx', 'network', 'stream-broken', 'timeout-connect', 'timeout-idle', 'protocol', 'aborted']) {
      expect(outcomes[outcome] ?? 0, `no ${outcome} attempt in this run`).toBeGreaterThan(0)
    }
    // Outages overlap at random, but a client that failed most answers here would be broken.
    expect(statuses.complete ?? 0).toBeGreaterThan(sends.length * 0.4)
    expect(rejections).toEqual([])
    expect(chatErrors.mock.calls.filter((c) => String(c[0]).startsWith('[chat]'))).toEqual([])
  }, 480_000) // a hang detector: on a loaded two-core machine the run takes one to three minutes
})

/** One user: sends one after the other on a random route, pausing a moment, pressing Stop now and then. */
async function runLane(h: CoreHarness, lane: number, sends: Sent[]): Promise<void> {
  // One generator per lane: its routes and Stops do not depend on the other lanes' timing.
  const random = seededRandom((seed ^ Math.imul(lane + 1, 0x9e3779b9)) >>> 0)
  let conversationId: string | undefined
  for (let i = 0; i < SENDS_PER_LANE; i++) {
    if (i % SENDS_PER_CONVERSATION === 0) conversationId = undefined
    const route = random.pick(Object.keys(ROUTES))
    const prompt = chaosPrompt(lane, i)
    // Stop after this many streamed tokens (0: at once, while the first try is in flight), or never.
    const stopAfterTokens = random.chance(STOP_CHANCE) ? random.int(0, CHAOS_TOKENS - 1) : null
    await delay(random.int(0, 20))
    const ids = ok<Pick<Sent, 'conversationId' | 'userMessageId' | 'assistantMessageId'>>(
      await h.call('chat.send', { content: prompt, route, ...(conversationId ? { conversationId } : {}) })
    )
    conversationId = ids.conversationId
    sends.push({ ...ids, prompt, route, stopRequested: stopAfterTokens !== null })
    const stopping = stopAfterTokens === null ? null : afterTokens(h, ids.assistantMessageId, stopAfterTokens).then(() => h.call('chat.stop', { messageId: ids.assistantMessageId }))
    const answer = await h.finished(ids.assistantMessageId)
    if (stopping) ok(await stopping)
    // A user reads the error before sending again; without it a lane whose targets are all cooling down burns through its sends.
    if (answer.status === 'failed') await delay(random.int(50, 150))
  }
}

/** Resolves once the answer streamed `count` tokens, or finished with fewer (a Stop then comes after the end, which must be harmless). */
function afterTokens(h: CoreHarness, messageId: string, count: number): Promise<void> {
  const isMine = (e: { name: string; payload: unknown }) => e.name === 'chat.delta' && (e.payload as { messageId: string }).messageId === messageId
  let seen = h.events.filter(isMine).length
  if (seen >= count) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      offDelta()
      resolve()
    }
    const offDelta = h.core.events.on('chat.delta', (p) => {
      if (p.messageId === messageId && ++seen >= count) done()
    })
    void h.finished(messageId).then(done)
  })
}

/** How many of the requests are still open after waiting up to `withinMs` for them to end. */
async function countUnsettled(requests: ReadonlyArray<{ outcome: Promise<unknown> }>, withinMs: number): Promise<number> {
  let settled = 0
  const all = Promise.all(requests.map((r) => r.outcome.then(() => settled++)))
  await Promise.race([all, delay(withinMs)])
  return requests.length - settled
}
