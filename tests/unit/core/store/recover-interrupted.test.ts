import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../../electron/core/store/migrations/migrate'
import { MIGRATIONS } from '../../../../electron/core/store/migrations'
import { openDatabase } from '../../../../electron/core/store/open-database'
import { currentProcessOwner, isProcessAlive, type ProcessOwner } from '../../../../electron/core/store/process-liveness'
import type { MessageFinish, Store } from '../../../../electron/core/store/types'
import { useChildProcesses } from './child-process'
import { useStores } from './store-fixture'

const { open, path } = useStores()
const children = useChildProcesses()

/** What recovery leaves on an answer whose process died, saying how much of its text was kept. */
const interrupted = (message: string) => ({ status: 'partial', error: { code: 'interrupted', message, retryable: true } }) as const
const keptNothing = interrupted('The app closed while this answer was streaming, before any of its text was saved.')
const kept = (chars: number) => interrupted(`The app closed while this answer was streaming; its first ${chars} characters were kept.`)
const done: MessageFinish = { status: 'complete', content: 'done', completedAt: 300, firstTokenMs: 10, latencyMs: 20, usage: null, finishReason: 'stop', error: null, provider: null, model: null, tier: null }

/** A conversation in store and a function starting a turn in it, streamed by owner. */
function chat(store: Store) {
  const conversation = store.conversations.create('chat', 100)
  const turn = (owner: ProcessOwner) =>
    store.messages.insertTurn({ conversationId: conversation.id, content: 'q', provider: 'p', model: 'm', idempotencyKey: null, now: 200, owner }).assistant
  return { conversation, turn }
}

describe('recoverInterrupted', () => {
  it('spares an answer another live process is streaming, and recovers it with its text once that process is killed', async () => {
    const app = await children.alive()
    const appOwner = { pid: app.pid, startedAt: app.spawnedAt }
    const appStore = open('shared.sqlite')
    const answer = chat(appStore).turn(appOwner)
    appStore.messages.saveProgress(answer.id, 'Once upon a')

    // A CLI starts while the app streams: the answer stays the app's.
    const cli = open('shared.sqlite')
    expect(cli.messages.recoverInterrupted(300, isProcessAlive)).toBe(0)
    expect(cli.messages.get(answer.id)).toMatchObject({ status: 'streaming', content: 'Once upon a', completedAt: null, error: null })

    await app.kill()
    const next = open('shared.sqlite')
    expect(next.messages.recoverInterrupted(5_000, isProcessAlive)).toBe(1)
    expect(next.messages.get(answer.id)).toMatchObject({ ...kept(11), content: 'Once upon a', completedAt: 5_000 })
  })

  it('recovers answers whose process already exited, but not those of the process asking', async () => {
    const gone = await children.exited()
    const store = open()
    const { turn } = chat(store)
    const orphan = turn({ pid: gone.pid, startedAt: gone.spawnedAt })
    const mine = turn(currentProcessOwner())
    expect(store.messages.recoverInterrupted(5_000, isProcessAlive)).toBe(1)
    expect(store.messages.get(orphan.id)).toMatchObject({ ...keptNothing, content: '' })
    expect(store.messages.get(mine.id)).toMatchObject({ status: 'streaming', error: null })
  })

  it('recovers answers left streaming before owners were recorded (migration 0003), without asking about them', () => {
    const file = path('old.sqlite')
    const old = openDatabase(file)
    migrate(old, MIGRATIONS.slice(0, 2))
    old.prepare("INSERT INTO conversations VALUES ('c1', 'chat', 1, 1)").run()
    old.prepare("INSERT INTO messages (id, conversation_id, seq, role, content, status, created_at) VALUES ('a1', 'c1', 1, 'assistant', 'half', 'streaming', 1)").run()
    old.close()

    const asked: ProcessOwner[] = []
    const store = open('old.sqlite')
    expect(store.messages.recoverInterrupted(5_000, (owner) => (asked.push(owner), true))).toBe(1)
    expect(store.messages.get('a1')).toMatchObject({ ...kept(4), content: 'half', completedAt: 5_000 })
    expect(asked).toEqual([])
  })

  it('says how much text it kept, counting characters rather than UTF-16 units', () => {
    const store = open()
    const { turn } = chat(store)
    const dead = { pid: 4242, startedAt: 1_000 }
    const one = turn(dead)
    const emoji = turn(dead)
    store.messages.saveProgress(one.id, 'A')
    store.messages.saveProgress(emoji.id, 'né 👋')
    expect(store.messages.recoverInterrupted(5_000, () => false)).toBe(2)
    expect(store.messages.get(one.id)?.error?.message).toBe('The app closed while this answer was streaming; its first 1 character was kept.')
    expect(store.messages.get(emoji.id)).toMatchObject({ ...kept(4), content: 'né 👋' })
  })

  it('asks once per owner still streaming, and clears the owner of what it recovers', () => {
    const store = open()
    const { turn } = chat(store)
    const dead = { pid: 4242, startedAt: 1_000 }
    const first = turn(dead)
    turn(dead)
    const finished = turn({ pid: 5353, startedAt: 2_000 })
    store.messages.finish(finished.id, done)
    const asked: ProcessOwner[] = []
    expect(store.messages.recoverInterrupted(5_000, (owner) => (asked.push(owner), false))).toBe(2)
    expect(asked).toEqual([dead])
    const raw = new Database(store.path, { readonly: true })
    expect(raw.prepare('SELECT owner_pid, owner_started_at FROM messages WHERE id = ?').get(first.id)).toEqual({ owner_pid: null, owner_started_at: null })
    raw.close()
  })

  it('leaves finished answers alone and finds nothing the second time', () => {
    const store = open()
    const { conversation, turn } = chat(store)
    const dead = { pid: 4242, startedAt: 1_000 }
    const finished = store.messages.finish(turn(dead).id, done)
    turn(dead)
    turn(dead)
    expect(store.messages.recoverInterrupted(5_000, () => false)).toBe(2)
    expect(store.messages.recoverInterrupted(6_000, () => false)).toBe(0)
    expect(store.messages.get(finished.id)).toEqual(finished)
    expect(store.messages.listFor(conversation.id).filter((m) => m.status === 'streaming')).toEqual([])
  })

  it('keeps an answer its owner finished while recovery was judging the owner', () => {
    const store = open('race.sqlite')
    const answer = chat(store).turn({ pid: 4242, startedAt: 1_000 })
    const owner = open('race.sqlite')
    const judged = store.messages.recoverInterrupted(5_000, () => {
      owner.messages.finish(answer.id, done)
      return false
    })
    expect(judged).toBe(0)
    expect(store.messages.get(answer.id)).toMatchObject({ status: 'complete', content: 'done', error: null })
  })

  it('lets an owner wrongly judged dead still finish its answer, but not revive it with progress', () => {
    const store = open()
    const answer = chat(store).turn(currentProcessOwner())
    store.messages.saveProgress(answer.id, 'so far')
    expect(store.messages.recoverInterrupted(5_000, () => false)).toBe(1)
    store.messages.saveProgress(answer.id, 'so far and more')
    expect(store.messages.get(answer.id)).toMatchObject({ ...kept(6), content: 'so far' })
    expect(store.messages.finish(answer.id, done)).toMatchObject({ status: 'complete', content: 'done', error: null })
  })
})
