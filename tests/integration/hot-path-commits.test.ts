import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Message } from '../../shared/types/domain'
import { countCommits, type Commit } from '../support/commit-counter'
import { ok, startCore, type CoreHarness } from '../support/core-harness'
import { resetScripts, startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { until } from '../support/manual-timers'

/**
 * The commits of one send, counted under the store by a wrapped better-sqlite3 (commit-counter.ts):
 * the path to the first token does one, the end of the answer one more. Commits are most of the
 * core's own cost per send, so this is the test that keeps them from creeping back.
 */
let fakes: FakeProviders
let h: CoreHarness
let counter: ReturnType<typeof countCommits>

beforeAll(async () => {
  fakes = await startFakeProviders()
})
afterAll(async () => {
  await fakes.close()
})
beforeEach(() => {
  resetScripts(fakes)
  counter = countCommits()
  h = startCore(fakes.env)
})
afterEach(async () => {
  await h.close()
  counter.restore()
})

type Sent = { conversationId: string; userMessageId: string; assistantMessageId: string }
const MODEL = 'openai:gpt-4o-mini'

/** The progress saver's timed writes: per interval of a long answer, not per send (progress-saver.ts). */
const isProgressSave = (c: Commit) => c.statements.length === 1 && /^UPDATE messages SET content = \? WHERE id = \? AND status = 'streaming'$/.test(c.statements[0]!)

/** Sends and splits this data directory's commits at the first chat.delta and at chat.finished. */
async function send(payload: Record<string, unknown>) {
  const mine = () => counter.commits.filter((c) => c.file === join(h.home, 'workbench.db'))
  const start = mine().length
  let atFirstToken = -1
  let atFinished = -1
  const offDelta = h.core.events.on('chat.delta', () => {
    if (atFirstToken < 0) atFirstToken = mine().length
  })
  const offFinished = h.core.events.on('chat.finished', () => (atFinished = mine().length))
  const sent = ok<Sent>(await h.call('chat.send', { model: MODEL, ...payload }))
  const message = await h.finished(sent.assistantMessageId)
  offDelta()
  offFinished()
  expect(atFirstToken).toBeGreaterThanOrEqual(0)
  const all = mine()
  return {
    sent,
    message,
    beforeFirstToken: all.slice(start, atFirstToken),
    afterFirstToken: all.slice(atFirstToken, atFinished).filter((c) => !isProgressSave(c))
  }
}

const wrote = (c: Commit, pattern: RegExp) => c.statements.some((s) => pattern.test(s))

/** The deferred breaker successes of the sends so far reach the file (breaker-store.ts batches them). */
async function breakerSuccessesWritten(): Promise<void> {
  await until(() => counter.commits.some((c) => c.file === join(h.home, 'workbench.db') && wrote(c, /INSERT INTO target_events/)), 'the deferred breaker events')
}

describe('commits on the chat path', () => {
  it('a new conversation: one commit before the first token, one after the stream', async () => {
    const { beforeFirstToken, afterFirstToken, message } = await send({ content: 'Hello' })

    expect(beforeFirstToken).toHaveLength(1)
    // The conversation and both messages, together.
    expect(wrote(beforeFirstToken[0]!, /^INSERT INTO conversations/)).toBe(true)
    expect(beforeFirstToken[0]!.statements.filter((s) => /^INSERT INTO messages/.test(s))).toHaveLength(2)

    expect(afterFirstToken).toHaveLength(1)
    // The try that served the answer goes with its end.
    expect(wrote(afterFirstToken[0]!, /^INSERT INTO attempts/)).toBe(true)
    expect(wrote(afterFirstToken[0]!, /^UPDATE messages SET status = @status/)).toBe(true)
    expect(message).toMatchObject<Partial<Message>>({ status: 'complete', content: 'Hello there!' })
    expect(message.attempts.map((a) => a.outcome)).toEqual(['ok'])

    // The breaker's success is not lost, only batched.
    await breakerSuccessesWritten()
  })

  it('a follow-up in an existing conversation: the same, whatever came before', async () => {
    const first = await send({ content: 'My name is Ada.' })
    await breakerSuccessesWritten()
    const { beforeFirstToken, afterFirstToken, message } = await send({ content: 'What is my name?', conversationId: first.sent.conversationId })

    expect(beforeFirstToken).toHaveLength(1)
    expect(wrote(beforeFirstToken[0]!, /^INSERT INTO conversations/)).toBe(false)
    expect(afterFirstToken).toHaveLength(1)
    expect(message.status).toBe('complete')
  })

  it('still stores a failed try the moment it ends, before the retry, and the served try with the end', async () => {
    fakes.openai.script.faults = [{ status: 500 }]
    const { beforeFirstToken, afterFirstToken, message } = await send({ content: 'Hello' })

    // The failure's attempt was committed on its own, before the try that answered began.
    const failed = beforeFirstToken.filter((c) => wrote(c, /^INSERT INTO attempts/))
    expect(failed).toHaveLength(1)
    expect(beforeFirstToken.indexOf(failed[0]!)).toBeGreaterThan(0)
    // After the stream: the end with the served try, and the breaker's failure count going back to
    // 0 (a breaker that changes is written at once; only a healthy one's successes wait).
    const ends = afterFirstToken.filter((c) => wrote(c, /^UPDATE messages SET status = @status/))
    expect(ends).toHaveLength(1)
    expect(wrote(ends[0]!, /^INSERT INTO attempts/)).toBe(true)
    expect(afterFirstToken.filter((c) => c !== ends[0]).every((c) => c.statements.every((s) => /(target_events|breakers)/.test(s)))).toBe(true)
    expect(message.attempts.map((a) => a.outcome)).toEqual(['http-5xx', 'ok'])
  })
})
