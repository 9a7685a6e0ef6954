import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MessageRow } from '../../electron/core/store/rows'
import { startServeProcess, type ServeProcess } from '../e2e/support/serve-process'
import { startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { spawnWorkbench, type KillableCli } from '../support/killable-cli'
import { readDb } from '../support/read-db'
import { connectServe } from '../support/serve-socket'
import { delay, until } from '../support/small-helpers'
import { tempHome } from '../support/temp-home'

/** The answer the fake would give; it goes quiet after SHOWN tokens, as a provider that hangs mid-answer does. */
const TOKENS = Array.from({ length: 20 }, (_, i) => `token${i} `)
const SHOWN = 14
const SHOWN_TEXT = TOKENS.slice(0, SHOWN).join('')
/** "Text a user has seen for more than a second is durable": the kill comes this long after the text was shown. */
const SEEN_FOR_MS = 1_500

let fakes: FakeProviders
let home: ReturnType<typeof tempHome>
let env: Record<string, string>
const started: Array<KillableCli | ServeProcess> = []

beforeAll(async () => {
  fakes = await startFakeProviders()
  fakes.openai.script.reply = TOKENS
  home = tempHome()
  env = { PATH: process.env.PATH ?? '', HOME: home.dir, WORKBENCH_HOME: join(home.dir, 'data'), ...fakes.env }
})
afterEach(() => {
  for (const p of started.splice(0)) p.child.kill('SIGKILL')
})
afterAll(async () => {
  await fakes.close()
  home.remove()
})

describe('kill -9 while the stream is stalled after text was shown', () => {
  it('keeps the text the CLI printed, and recovery says how much it kept', async () => {
    fakes.openai.script.faults = [{ stallAfterTokens: SHOWN }]
    const cli = spawnWorkbench(['chat', 'stall then kill (cli)', '--model', 'openai:gpt-4o-mini', '--json'], env)
    started.push(cli)
    const printed = await until(() => tokenLines(cli.stdout()).join('') === SHOWN_TEXT, { gone: cli.exited })
    expect(printed, `the CLI printed: ${cli.stdout()}\n${cli.stderr()}`).toBe(true)
    await delay(SEEN_FOR_MS)
    expect(cli.kill()).toBe(true)
    await cli.exited

    const answer = answerTo('stall then kill (cli)')
    expect(answer).toMatchObject({ status: 'streaming', content: SHOWN_TEXT })
    await expectRecoveredWith(answer.id, SHOWN_TEXT)
  }, 120_000)

  it('keeps the text `workbench serve` sent over its WebSocket, and recovery says how much it kept', async () => {
    fakes.openai.script.faults = [{ stallAfterTokens: SHOWN }]
    const serve = await startServeProcess(env)
    started.push(serve)
    const socket = await connectServe(serve.url)
    const sent = await socket.request('chat.send', { content: 'stall then kill (serve)', model: 'openai:gpt-4o-mini' })
    expect(sent.ok).toBe(true)
    const shown = () => socket.events.filter((e) => e.name === 'chat.delta').map((e) => (e.payload as { text: string }).text).join('')
    const received = await until(() => shown() === SHOWN_TEXT, { gone: new Promise((exit) => serve.child.once('exit', exit)) })
    expect(received, `the socket received: ${shown()}\n${serve.output()}`).toBe(true)
    await delay(SEEN_FOR_MS)
    await serve.stop('SIGKILL')
    socket.close()

    const answer = answerTo('stall then kill (serve)')
    expect(answer).toMatchObject({ status: 'streaming', content: SHOWN_TEXT })
    await expectRecoveredWith(answer.id, SHOWN_TEXT)
  }, 120_000)
})

/** The next start (any door) recovers the killed answer as partial, with a message naming what it kept. */
async function expectRecoveredWith(answerId: string, kept: string): Promise<void> {
  const next = spawnWorkbench(['conversations', '--json'], env)
  started.push(next)
  expect((await next.exited).code, next.stderr()).toBe(0)
  const recovered = readDb(dbFile(), (db) => db.prepare('SELECT * FROM messages WHERE id = ?').get(answerId) as MessageRow)
  expect(recovered).toMatchObject({
    status: 'partial',
    content: kept,
    error_code: 'interrupted',
    error_message: `The app closed while this answer was streaming; its first ${kept.length} characters were kept.`
  })
}

function answerTo(prompt: string): MessageRow {
  return readDb(dbFile(), (db) => {
    const user = db.prepare("SELECT * FROM messages WHERE role = 'user' AND content = ?").get(prompt) as MessageRow
    return db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND seq = ?').get(user.conversation_id, user.seq + 1) as MessageRow
  })
}

function tokenLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{"type":"token"'))
    .map((l) => (JSON.parse(l) as { text: string }).text)
}

function dbFile(): string {
  return join(env.WORKBENCH_HOME!, 'workbench.db')
}
