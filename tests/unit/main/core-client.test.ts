import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CoreProcessInbound } from '../../../electron/core/process-entry'
import { type CoreChild, type CoreClientOptions, createCoreClient } from '../../../electron/main/core-client'

/** A child process in memory: it records what it receives, and the test decides what it says and when it dies. */
class FakeChild implements CoreChild {
  readonly received: CoreProcessInbound[] = []
  killed = false
  private messageListener: (m: unknown) => void = () => {}
  private exitListener: (code: number) => void = () => {}

  postMessage(message: CoreProcessInbound): void {
    this.received.push(message)
  }
  onMessage(listener: (m: unknown) => void): void {
    this.messageListener = listener
  }
  onExit(listener: (code: number) => void): void {
    this.exitListener = listener
  }
  kill(): void {
    this.killed = true
    this.exit(-9)
  }
  say(message: unknown): void {
    this.messageListener(message)
  }
  exit(code: number): void {
    this.exitListener(code)
  }
  requests() {
    return this.received.filter((m): m is Extract<CoreProcessInbound, { type: 'request' }> => m.type === 'request')
  }
  answer(id: number, value: unknown): void {
    this.say({ type: 'response', id, result: { ok: true, value } })
  }
}

function setup(options: Partial<CoreClientOptions> = {}) {
  const children: FakeChild[] = []
  const events: Array<[string, unknown]> = []
  const client = createCoreClient({
    spawn: () => {
      const child = new FakeChild()
      children.push(child)
      return child
    },
    onEvent: (name, payload) => events.push([name, payload]),
    restartDelaysMs: [100, 1000],
    crashWindowMs: 60_000,
    shutdownTimeoutMs: 5000,
    now: () => Date.now(),
    ...options
  })
  const latest = () => children[children.length - 1]!
  return { client, children, events, latest }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('createCoreClient', () => {
  it('holds requests until the core is ready, then matches responses to them by id', async () => {
    const { client, latest } = setup()
    const first = client.request('conversations.list', {})
    const second = client.request('settings.get', {})
    expect(latest().received).toEqual([])

    latest().say({ type: 'ready' })
    const [a, b] = latest().requests()
    expect(a).toMatchObject({ channel: 'conversations.list', payload: {} })
    expect(b).toMatchObject({ channel: 'settings.get' })
    latest().answer(b!.id, 'settings')
    latest().answer(a!.id, ['conversation'])
    await expect(first).resolves.toEqual({ ok: true, value: ['conversation'] })
    await expect(second).resolves.toEqual({ ok: true, value: 'settings' })
  })

  it('passes events on to the window', () => {
    const { events, latest } = setup()
    latest().say({ type: 'ready' })
    latest().say({ type: 'event', name: 'chat.delta', payload: { text: 'hi' } })
    expect(events).toEqual([['chat.delta', { text: 'hi' }]])
  })

  it('fails requests a crashed core had as core_restarted, restarts it, and sends it the ones it never saw', async () => {
    const { client, children, latest } = setup()
    latest().say({ type: 'ready' })
    const inFlight = client.request('chat.send', { content: 'hi' })
    latest().exit(134)
    await expect(inFlight).resolves.toEqual({ ok: false, error: expect.objectContaining({ code: 'core_restarted', retryable: true }) })

    const waiting = client.request('conversations.list', {})
    expect(children).toHaveLength(1)
    vi.advanceTimersByTime(100)
    expect(children).toHaveLength(2)
    latest().say({ type: 'ready' })
    const [request] = latest().requests()
    expect(request).toMatchObject({ channel: 'conversations.list' })
    latest().answer(request!.id, [])
    await expect(waiting).resolves.toEqual({ ok: true, value: [] })
  })

  it('ignores whatever a dead child still says', async () => {
    const { client, children, latest } = setup()
    const old = latest()
    old.say({ type: 'ready' })
    const pending = client.request('conversations.list', {})
    const id = old.requests()[0]!.id
    old.exit(1)
    vi.advanceTimersByTime(100)
    old.answer(id, 'stale')
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'core_restarted' } })
    expect(children).toHaveLength(2)
  })

  it('gives up after more crashes than it has restart delays, and says so', async () => {
    const { client, children, latest } = setup()
    latest().exit(1)
    vi.advanceTimersByTime(100)
    latest().exit(1)
    vi.advanceTimersByTime(1000)
    latest().exit(1)
    vi.advanceTimersByTime(60_000)
    expect(children).toHaveLength(3)
    await expect(client.request('conversations.list', {})).resolves.toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'core_unavailable', retryable: false })
    })
  })

  it('forgets crashes older than the window, so a rare crash never exhausts the restarts', () => {
    const { children, latest } = setup()
    for (let i = 0; i < 5; i++) {
      latest().say({ type: 'ready' })
      latest().exit(1)
      vi.advanceTimersByTime(61_000)
    }
    expect(children).toHaveLength(6)
  })

  it('does not restart a core that reported a fatal startup error, and answers with that error', async () => {
    const { client, children, latest } = setup()
    const queued = client.request('conversations.list', {})
    const error = { code: 'core_start_failed', message: 'The core could not start: wrong SQLite ABI', retryable: false }
    latest().say({ type: 'fatal', error })
    latest().exit(1)
    vi.advanceTimersByTime(10_000)
    expect(children).toHaveLength(1)
    await expect(queued).resolves.toEqual({ ok: false, error })
    await expect(client.request('settings.get', {})).resolves.toEqual({ ok: false, error })
  })

  it('asks the core to shut down and resolves when it exits', async () => {
    const { client, latest } = setup()
    latest().say({ type: 'ready' })
    const stopped = client.shutdown()
    expect(latest().received).toContainEqual({ type: 'shutdown' })
    latest().exit(0)
    await expect(stopped).resolves.toBeUndefined()
    expect(latest().killed).toBe(false)
    await expect(client.request('settings.get', {})).resolves.toMatchObject({ ok: false, error: { code: 'core_shutting_down' } })
  })

  it('kills a core that does not exit within the grace period, and never restarts it', async () => {
    const { client, children, latest } = setup()
    latest().say({ type: 'ready' })
    const stopped = client.shutdown()
    const again = client.shutdown()
    vi.advanceTimersByTime(5000)
    await expect(stopped).resolves.toBeUndefined()
    await expect(again).resolves.toBeUndefined()
    expect(latest().killed).toBe(true)
    vi.advanceTimersByTime(60_000)
    expect(children).toHaveLength(1)
  })

  it('shuts down at once while waiting to restart', async () => {
    const { client, children, latest } = setup()
    latest().exit(1)
    await expect(client.shutdown()).resolves.toBeUndefined()
    vi.advanceTimersByTime(60_000)
    expect(children).toHaveLength(1)
  })

  it('treats a spawn that throws like a crash', () => {
    let attempts = 0
    const logged: string[] = []
    setup({
      spawn: () => {
        attempts++
        if (attempts === 1) throw new Error('ENOENT core-process.js')
        return new FakeChild()
      },
      log: (line) => logged.push(line)
    })
    expect(attempts).toBe(1)
    vi.advanceTimersByTime(100)
    expect(attempts).toBe(2)
    expect(logged[0]).toContain('ENOENT core-process.js')
  })
})
