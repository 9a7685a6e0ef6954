import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MessageRow } from '../../electron/core/store/rows'
import { startServeProcess } from '../e2e/support/serve-process'
import { startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { spawnWorkbench } from '../support/killable-cli'
import { readDb } from '../support/read-db'
import { chaosSeed, seededRandom, type SeededRandom } from '../support/seeded-random'
import { connectServe } from '../support/serve-socket'
import { tempHome } from '../support/temp-home'
import { countBy, delay, until } from '../support/small-helpers'

/** Each door is killed this often; the two lanes run side by side on one data directory. */
const KILLS_PER_LANE = 25
const TOKENS = Array.from({ length: 30 }, (_, i) => `w${i} `)
const FULL = TOKENS.join('')
/** ~600 ms of streaming, so random kills land before, during and after it. */
const TOKEN_DELAY_MS = 20

/** A send whose fate the test checks once a later process has run recovery. */
interface Killed {
  prompt: string
  /** The door confirmed the send (CLI: a token line; serve: the chat.send response): its user message must be stored. */
  acked: boolean
  /** SIGKILL ended the process (a CLI run may finish first). */
  killed: boolean
}

const seed = chaosSeed()
let fakes: FakeProviders
let home: ReturnType<typeof tempHome>
let env: Record<string, string>
const problems: string[] = []
/** Processes this test started and has not seen exit: killed in afterAll if a lane failed midway. */
const running = new Set<ChildProcess>()
/** Where the kills landed, as the stored answers tell afterwards. */
const phases = { beforeAck: 0, duringStream: 0, afterAnswer: 0, partialWithText: 0 }

beforeAll(async () => {
  fakes = await startFakeProviders()
  for (const fake of [fakes.openai, fakes.anthropic, fakes.ollama]) {
    fake.script.reply = TOKENS
    fake.script.tokenDelayMs = TOKEN_DELAY_MS
  }
  home = tempHome()
  env = { PATH: process.env.PATH ?? '', HOME: home.dir, WORKBENCH_HOME: join(home.dir, 'data'), ...fakes.env }
})
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL')
  await fakes.close()
  home.remove()
})

describe('crash safety: kill -9 while answers stream', () => {
  it(`loses no acknowledged message, leaves none streaming and keeps the database intact (seed ${seed})`, async () => {
    console.log(`crash seed ${seed} (replay with CHAOS_SEED=${seed})`)
    const started = performance.now()
    const [cli, serve] = await Promise.all([cliLane(seededRandom(seed)), serveLane(seededRandom(seed ^ 0x5eed))])

    // One more start runs recovery over whatever the last kills left.
    const last = spawnWorkbench(['conversations', '--json'], env)
    expect((await last.exited).code, last.stderr()).toBe(0)
    verifyRecovered([...cli.unverified, ...serve.unverified], 'the final start')
    const final = readDb(dbFile(), (db) => ({
      integrity: db.pragma('integrity_check', { simple: true }),
      answers: db.prepare("SELECT * FROM messages WHERE role = 'assistant'").all() as MessageRow[],
      users: (db.prepare("SELECT COUNT(*) AS n FROM messages WHERE role = 'user'").get() as { n: number }).n
    }))
    console.log(
      `crash seed ${seed}: ${cli.kills} CLI kills (${cli.runs} runs), ${serve.kills} serve kills in ${Math.round(performance.now() - started)} ms; ` +
        `kills ${JSON.stringify(phases)}; ${final.users} turns stored, answers ${JSON.stringify(countBy(final.answers.map((a) => a.status)))}`
    )
    expect(problems).toEqual([])
    expect(cli.kills + serve.kills).toBeGreaterThanOrEqual(2 * KILLS_PER_LANE)
    expect(final.integrity).toBe('ok')
    for (const answer of final.answers) {
      expect(answer.status, answer.id).not.toBe('streaming')
      expect(FULL.startsWith(answer.content), `${answer.id}: ${answer.content}`).toBe(true)
    }
    // Kills landed in every phase: before the send was acknowledged, mid-stream, after the answer.
    expect(phases.beforeAck).toBeGreaterThan(0)
    expect(phases.duringStream).toBeGreaterThan(0)
    expect(phases.afterAnswer).toBeGreaterThan(0)
    // Text streamed before a kill survives it: progress is saved as the answer grows.
    expect(phases.partialWithText).toBeGreaterThan(0)
  }, 480_000) // kills wait for what they aim at, so a busy machine makes this slower, never wrong: a generous limit
})

/**
 * When a run is killed. Each phase the test must see is reached by waiting for what marks it
 * (a token printed, text stored, the answer finished), never by guessing a delay, so a slow or
 * busy machine moves kills later within their phase instead of out of it. Runs cycle through
 * the plans; `random` keeps kills at arbitrary moments, and each plan's details come from the seed.
 */
type KillPlan = 'at-once' | 'after-tokens' | 'after-save' | 'after-answer' | 'random'
// The CLI exits right after its answer, so only serve can be reliably killed after one.
const CLI_PLANS: readonly KillPlan[] = ['at-once', 'after-tokens', 'random', 'after-save', 'random']
const SERVE_PLANS: readonly KillPlan[] = ['at-once', 'after-tokens', 'after-answer', 'after-save', 'random']
/** Limit on one wait for a condition (a CLI took 14 s to its first token at load 20 on two cores); then it kills anyway. */
const WAIT_LIMIT_MS = 30_000

/** `workbench chat` runs, each killed as its plan says; the next run's start recovers the last. */
async function cliLane(random: SeededRandom): Promise<{ kills: number; runs: number; unverified: Killed[] }> {
  let kills = 0
  let runs = 0
  let unverified: Killed[] = []
  while (kills < KILLS_PER_LANE) {
    if (runs > 3 * KILLS_PER_LANE) throw new Error('the CLI finished before its kill too often: kill plans are off')
    const plan = CLI_PLANS[runs % CLI_PLANS.length]!
    const prompt = `crash cli ${runs++}`
    const cli = spawnWorkbench(['chat', prompt, '--model', 'openai:gpt-4o-mini', '--json'], env)
    running.add(cli.child)
    const wait = { gone: cli.exited, limitMs: WAIT_LIMIT_MS }
    const printed = () => cli.stdout().split('\n').filter((l) => l.startsWith('{'))
    if (plan === 'at-once') await delay(random.int(0, 30)) // before the CLI can have loaded the core
    else if (plan === 'after-tokens') {
      // Reacts to stdout as it arrives: polling could let the last tokens slip by.
      const tokens = random.int(1, TOKENS.length - 5)
      await Promise.race([cli.exited, new Promise<void>((seen) => cli.child.stdout!.on('data', () => printed().length >= tokens && seen()))])
    } else if (plan === 'after-save') await until(() => storedText(prompt) !== '', { ...wait, everyMs: 20 })
    else await Promise.race([delay(random.int(50, 1_300)), cli.exited])
    const killed = cli.kill()
    if (killed) kills++
    await cli.exited
    running.delete(cli.child)
    const lines = printed()
    // A printed line means this run opened the core, and with it recovered the runs killed before.
    if (lines.length > 0) {
      verifyRecovered(unverified, `CLI run ${runs}`)
      unverified = []
    }
    // Token lines (and the done line) are printed only once chat.send has returned.
    const send = { prompt, acked: lines.some((l) => /"type":"(token|done)"/.test(l)), killed }
    checkAfterKill(send, `CLI run ${runs} (${plan})`)
    unverified.push(send)
  }
  return { kills, runs, unverified }
}

/** `workbench serve` started, sent two chats over its WebSocket, killed as its plan says. */
async function serveLane(random: SeededRandom): Promise<{ kills: number; unverified: Killed[] }> {
  let kills = 0
  let unverified: Killed[] = []
  for (let i = 0; kills < KILLS_PER_LANE; i++) {
    const plan = SERVE_PLANS[i % SERVE_PLANS.length]!
    const serve = await startServeProcess(env)
    running.add(serve.child)
    // It printed its URL after opening the core: recovery has run.
    verifyRecovered(unverified, `serve start ${i}`)
    unverified = []
    const socket = await connectServe(serve.url)
    const gone = new Promise((exit) => serve.child.once('exit', exit))
    const wait = { gone, limitMs: WAIT_LIMIT_MS }
    const sends = ['a', 'b'].map((part) => {
      const prompt = `crash serve ${i}${part}`
      const acked = socket.request('chat.send', { content: prompt, model: 'anthropic:claude-sonnet-4-5' }).then(
        (result) => result.ok,
        () => false // the socket died with the server before the response
      )
      return { prompt, acked }
    })
    const seen = (name: string) => socket.events.filter((e) => e.name === name).length
    // 'at-once' kills with the requests still unread: the responses cannot have arrived yet.
    if (plan === 'after-tokens') {
      const deltas = random.int(1, TOKENS.length - 5)
      await until(() => seen('chat.delta') >= deltas, { ...wait, everyMs: 2 })
    } else if (plan === 'after-save') await until(() => sends.some((s) => storedText(s.prompt) !== ''), { ...wait, everyMs: 20 })
    else if (plan === 'after-answer') await until(() => seen('chat.finished') >= 2, wait)
    else if (plan === 'random') await delay(random.int(0, 1_000))
    const killed = serve.child.exitCode === null && serve.child.signalCode === null
    if (killed) kills++
    await serve.stop('SIGKILL')
    running.delete(serve.child)
    socket.close()
    for (const send of sends) {
      const sent = { prompt: send.prompt, acked: await send.acked, killed }
      checkAfterKill(sent, `serve start ${i} (${plan})`)
      unverified.push(sent)
    }
  }
  return { kills, unverified }
}

/** The text stored so far for the answer to `prompt` ('' before the send or the first save, or while the file is busy). */
function storedText(prompt: string): string {
  if (!existsSync(dbFile())) return ''
  try {
    return readDb(dbFile(), (db) => turnOf(db, prompt)?.answer?.content ?? '')
  } catch {
    return '' // mid-creation or locked: look again on the next poll
  }
}

/** Right after a kill: the file is intact and an acknowledged send's messages are stored. */
function checkAfterKill(killed: Killed, when: string): void {
  if (!existsSync(dbFile())) {
    // Killed before the very first run created the data directory.
    if (killed.acked) problems.push(`${when}: acknowledged "${killed.prompt}" but there is no database`)
    if (killed.killed) phases.beforeAck++
    return
  }
  readDb(dbFile(), (db) => {
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') problems.push(`${when}: integrity_check says ${String(integrity)}`)
    const turn = turnOf(db, killed.prompt)
    if (killed.acked && !turn?.answer) problems.push(`${when}: acknowledged "${killed.prompt}" is not stored`)
    if (killed.killed && !killed.acked) phases.beforeAck++
  })
}

/**
 * After a later process started (and so ran recovery): every killed answer is partial
 * (interrupted, its text a prefix of the reply) or had finished complete, none still streaming.
 */
function verifyRecovered(killed: readonly Killed[], when: string): void {
  if (killed.length === 0 || !existsSync(dbFile())) return
  readDb(dbFile(), (db) => {
    for (const k of killed) {
      const turn = turnOf(db, k.prompt)
      if (!turn) continue // killed before the send committed anything
      const { answer } = turn
      if (!answer) problems.push(`${when}: "${k.prompt}" has no answer row`)
      else if (answer.status === 'streaming') problems.push(`${when}: "${k.prompt}" is still streaming after a restart`)
      else if (answer.status === 'complete') {
        if (answer.content !== FULL) problems.push(`${when}: "${k.prompt}" is complete with other text: ${answer.content}`)
        if (k.killed && k.acked) phases.afterAnswer++
      } else if (answer.status === 'partial') {
        if (answer.error_code !== 'interrupted') problems.push(`${when}: "${k.prompt}" is partial with ${answer.error_code}`)
        // The message says what was kept: its length in characters, or that nothing was saved.
        const kept = [...answer.content].length
        const says = kept > 0 ? answer.error_message?.includes(` ${kept} character`) : !/\d+ character/.test(answer.error_message ?? '')
        if (!says) problems.push(`${when}: "${k.prompt}" kept ${kept} characters, but its message says: ${answer.error_message}`)
        if (!FULL.startsWith(answer.content)) problems.push(`${when}: "${k.prompt}" kept text that is not a prefix: ${answer.content}`)
        if (k.killed && k.acked) phases.duringStream++
        if (answer.content.length > 0) phases.partialWithText++
      } else problems.push(`${when}: "${k.prompt}" failed: ${answer.error_code} ${answer.error_message}`)
    }
  })
}

function turnOf(db: Database.Database, prompt: string): { user: MessageRow; answer: MessageRow | undefined } | null {
  const user = db.prepare("SELECT * FROM messages WHERE role = 'user' AND content = ?").get(prompt) as MessageRow | undefined
  if (!user) return null
  const answer = db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND seq = ?').get(user.conversation_id, user.seq + 1) as MessageRow | undefined
  return { user, answer }
}

function dbFile(): string {
  return join(env.WORKBENCH_HOME!, 'workbench.db')
}
