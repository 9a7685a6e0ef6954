import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createCore, type Core } from '../../electron/core/core'
import { databasePath } from '../../electron/core/paths'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { createStoreFromDatabase } from '../../electron/core/store/create-store'
import { openDatabase } from '../../electron/core/store/open-database'
import { currentProcessOwner } from '../../electron/core/store/process-liveness'
import { toAttempt, toMessage, type AttemptRow, type MessageRow } from '../../electron/core/store/rows'
import { dispatch } from '../../shared/ipc/dispatch'
import type { Attempt } from '../../shared/types/domain'
import { seededRandom } from '../support/seeded-random'
import { tempHome } from '../support/temp-home'
import { interleaved, type Figures } from './interleave'
import { recordResult } from './results'
import { column, ms, report, summarise, type Summary } from './stats'

/**
 * The store as a door sees it: opening a 10,000-message conversation (the reply a door would
 * send, and its time), listing 10,000 conversations, and searching titles and contents over
 * 100,000 messages through the FTS5 index (migration 0007). Each is measured through the contract
 * (dispatch, then JSON as a door serializes it), interleaved with what the same request cost
 * before, computed on the same file in the same run: the whole conversation, and LIKE scans.
 */
const ROUNDS = Math.max(30, Math.round(Number(process.env.BENCH_ITERATIONS ?? 1000) / 5))
const LONG = 10_000
const CONVERSATIONS = 10_000
const PER_CONVERSATION = 10 // 100,000 messages

const homes: Array<ReturnType<typeof tempHome>> = []
let long: { core: Core; raw: Database.Database; conversationId: string }
let many: { core: Core; raw: Database.Database; words: Words }

beforeAll(() => {
  long = seedLong()
  many = seedMany()
})
afterAll(async () => {
  for (const side of [long, many]) {
    side?.raw.close()
    await side?.core.close()
  }
  for (const h of homes) h.remove()
})

function home(): string {
  const t = tempHome('workbench-bench-')
  homes.push(t)
  return join(t.dir, 'data')
}

const coreOn = (dir: string) => createCore({ home: dir, env: {}, secrets: new MemorySecretStore(), resilience: { offline: { osOffline: () => false } } })

const attempt = (outcome: Attempt['outcome'], tier: number): Attempt => ({
  tier, try: 1, provider: 'openai', model: 'gpt-4o-mini', outcome, httpStatus: outcome === 'ok' ? null : 503, errorCode: null,
  message: outcome === 'ok' ? null : 'Service Unavailable', startedAt: 1, latencyMs: 40, firstTokenMs: outcome === 'ok' ? 12 : null, retryWaitMs: 0, partialText: null
})

/** One conversation of LONG messages written through the store API, as sends would (one transaction, for speed). */
function seedLong(): typeof long {
  const dir = home()
  const db = openDatabase(databasePath(dir))
  const store = createStoreFromDatabase(db)
  const { id } = store.conversations.create('A long conversation', 1)
  db.transaction(() => {
    for (let i = 0; i < LONG / 2; i++) {
      const { assistant } = store.messages.insertTurn({ conversationId: id, content: `Question ${i}: how does write-ahead logging keep readers and a writer apart?`, provider: 'openai', model: 'gpt-4o-mini', idempotencyKey: null, now: i, owner: currentProcessOwner() })
      // Every tenth answer failed over once: the attempts a page must carry, and the whole history used to.
      if (i % 10 === 0) store.messages.recordAttempt(assistant.id, attempt('http-5xx', 0))
      store.messages.recordAttempt(assistant.id, attempt('ok', i % 10 === 0 ? 1 : 0))
      const content = `Answer ${i}: readers see the last commit while the writer appends to the log; a checkpoint folds it back into the database file.`
      store.messages.finish(assistant.id, { status: 'complete', content, completedAt: i, firstTokenMs: 12, latencyMs: 40, usage: { inputTokens: 900, outputTokens: 30 }, finishReason: 'stop', error: null, provider: 'openai', model: 'gpt-4o-mini', tier: 0 })
    }
  })()
  store.close()
  return { core: coreOn(dir), raw: new Database(databasePath(dir), { readonly: true }), conversationId: id }
}

type Words = { rare: string; common: string; prefix: string; topic: string; pair: string }

/**
 * CONVERSATIONS conversations of PER_CONVERSATION messages, by raw inserts in one transaction
 * (the search index triggers run as they would). Words come from a made-up vocabulary of 8,000,
 * so a word is in about 0.5 % of messages; one common word is in a quarter of them.
 */
function seedMany(): typeof many {
  const dir = home()
  const db = openDatabase(databasePath(dir))
  createStoreFromDatabase(db).close() // migrated, with the triggers in place
  const raw = openDatabase(databasePath(dir))
  const random = seededRandom(9)
  const syllables = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 've', 'da', 'go', 'hu', 'ji', 'be', 'fa', 'ze', 'ny', 'qu', 'wo', 'xi']
  const vocabulary = Array.from({ length: 8_000 }, (_, i) => syllables[i % 20]! + syllables[Math.floor(i / 20) % 20]! + syllables[Math.floor(i / 400) % 20]!)
  const sentence = (n: number) => Array.from({ length: n }, () => random.pick(vocabulary)).join(' ')
  const conversation = raw.prepare('INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)')
  const message = raw.prepare(
    "INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at, completed_at) VALUES (?, ?, ?, ?, ?, 'complete', ?, ?)"
  )
  raw.transaction(() => {
    for (let c = 0; c < CONVERSATIONS; c++) {
      const id = `c${c}`
      conversation.run(id, `Notes on ${random.pick(vocabulary)} and ${random.pick(vocabulary)}`, c, c)
      for (let s = 1; s <= PER_CONVERSATION; s++) {
        const text = `${sentence(20)}${random.chance(0.25) ? ' checkpoint ' : ' '}${sentence(20)}`
        message.run(`${id}-m${s}`, id, s, s % 2 ? 'user' : 'assistant', text, c, c)
      }
    }
  })()
  raw.close()
  // Words that are certainly there: the vocabulary is fixed, the picks are seeded.
  const words: Words = { rare: vocabulary[1_234]!, common: 'checkpoint', prefix: vocabulary[4_321]!.slice(0, 4), topic: vocabulary[777]!, pair: `${vocabulary[1_234]!} check` }
  return { core: coreOn(dir), raw: new Database(databasePath(dir), { readonly: true }), words }
}

/** A request as a door answers it: dispatched through the contract, then serialized. */
async function viaContract(core: Core, channel: string, payload: unknown): Promise<Figures> {
  const start = performance.now()
  const result = await dispatch(core.handlers, channel, payload)
  const json = JSON.stringify(result)
  const time = performance.now() - start
  if (!result.ok) throw new Error(result.error.message)
  return { time, kib: Buffer.byteLength(json) / 1024, rows: Array.isArray(result.value) ? result.value.length : (result.value as { messages: unknown[] }).messages.length }
}

/** Before paging: the handler read every message and every attempt of the conversation. */
function wholeConversation(raw: Database.Database, id: string): Figures {
  const start = performance.now()
  const byMessage = new Map<string, AttemptRow[]>()
  for (const a of raw.prepare<[string], AttemptRow>('SELECT a.* FROM attempts a JOIN messages m ON m.id = a.message_id WHERE m.conversation_id = ? ORDER BY a.message_id, a.seq').all(id)) {
    byMessage.set(a.message_id, [...(byMessage.get(a.message_id) ?? []), a])
  }
  const messages = raw.prepare<[string], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq').all(id).map((r) => toMessage(r, (byMessage.get(r.id) ?? []).map(toAttempt)))
  const json = JSON.stringify({ ok: true, value: { id, messages } })
  return { time: performance.now() - start, kib: Buffer.byteLength(json) / 1024, rows: messages.length }
}

/** Before the index: a LIKE over every title (with the JS case fold it used) or every message. */
function likeScan(raw: Database.Database, column: 'title' | 'content', word: string): Figures {
  const start = performance.now()
  const sql =
    column === 'title'
      ? "SELECT c.id FROM conversations c WHERE wb_fold(c.title) LIKE wb_fold(?) ESCAPE '\\' ORDER BY c.updated_at DESC LIMIT 200"
      : "SELECT DISTINCT m.conversation_id FROM messages m WHERE m.content LIKE ? ESCAPE '\\' LIMIT 200"
  const rows = raw.prepare(sql).all(`%${word}%`).length
  return { time: performance.now() - start, kib: 0, rows }
}

const summary = (samples: Figures[]) => ({ time: summarise(column(samples, 'time')), kib: summarise(column(samples, 'kib')).p50, rows: summarise(column(samples, 'rows')).p50 })
const row = (what: string, s: { time: Summary; kib: number; rows: number }) => ({ what, p50: ms(s.time.p50), p99: ms(s.time.p99), 'reply KiB': s.kib.toFixed(1), rows: s.rows })

it(`opens a ${LONG.toLocaleString('en')}-message conversation as one page (${ROUNDS} rounds)`, async () => {
  const { core, raw, conversationId } = long
  const samples = await interleaved(
    {
      page: () => viaContract(core, 'conversations.get', { id: conversationId }),
      whole: async () => wholeConversation(raw, conversationId)
    },
    { rounds: ROUNDS, warmup: 5 }
  )
  const page = summary(samples.page)
  const whole = summary(samples.whole)
  report(`Opening a ${LONG.toLocaleString('en')}-message conversation (${ROUNDS} rounds)`, [row('first page (conversations.get)', page), row('before: the whole conversation', whole)])
  recordResult('store-open', { rounds: ROUNDS, messages: LONG, page, whole })
  // The targets.
  expect(page.time.p50).toBeLessThan(20)
  expect(page.kib).toBeLessThan(100)
})

it(`lists and searches ${CONVERSATIONS.toLocaleString('en')} conversations of ${(CONVERSATIONS * PER_CONVERSATION).toLocaleString('en')} messages (${ROUNDS} rounds)`, async () => {
  const { core, raw, words } = many
  raw.function('wb_fold', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : s))
  const list = (query?: string) => () => viaContract(core, 'conversations.list', query === undefined ? {} : { query })
  const samples = await interleaved(
    {
      list: list(),
      title: list(words.topic),
      rare: list(words.rare),
      common: list(words.common),
      prefix: list(words.prefix),
      pair: list(words.pair),
      titleLike: async () => likeScan(raw, 'title', words.topic),
      contentLike: async () => likeScan(raw, 'content', words.rare)
    },
    { rounds: ROUNDS, warmup: 3 }
  )
  const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v as Figures[])])) as Record<keyof typeof samples, ReturnType<typeof summary>>
  report(`Listing and searching ${CONVERSATIONS.toLocaleString('en')} conversations / ${(CONVERSATIONS * PER_CONVERSATION).toLocaleString('en')} messages (${ROUNDS} rounds)`, [
    row('list, first page (200)', s.list),
    row(`title word "${words.topic}"`, s.title),
    row(`content word in ~0.5 % "${words.rare}"`, s.rare),
    row(`content word in ~25 % "${words.common}"`, s.common),
    row(`prefix as typed "${words.prefix}"`, s.prefix),
    row(`two words "${words.pair}"`, s.pair),
    row('before: title LIKE + JS fold', s.titleLike),
    row('before-style: content LIKE scan', s.contentLike)
  ])
  recordResult('store-search', { rounds: ROUNDS, conversations: CONVERSATIONS, messages: CONVERSATIONS * PER_CONVERSATION, words, ...s })
  // Each search found something: a bench of empty results would measure nothing.
  for (const k of ['title', 'rare', 'common', 'prefix'] as const) expect(s[k].rows, k).toBeGreaterThan(0)
})
