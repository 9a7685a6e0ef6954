import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ServerFrame } from '../../../../shared/ipc/bridge'
import { isRequestChannel, type EventName, type Handlers } from '../../../../shared/ipc/contract'
import { assertEvent, checkedHandlers, eventMismatch, outputMismatch } from '../../../../shared/ipc/contract-check'
import { createCore, type Core } from '../../../../electron/core/core'
import { EventBus } from '../../../../electron/core/events/event-bus'
import { MemorySecretStore } from '../../../../electron/core/secrets/secret-store'
import { createFrameSession } from '../../../../electron/core/transport/frame-session'
import { tempHome } from '../../../support/temp-home'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function core(options: { checkContract?: boolean; env?: Record<string, string> } = {}): Core {
  const home = tempHome()
  const c = createCore({ home: join(home.dir, 'data'), env: options.env ?? {}, secrets: new MemorySecretStore(), ...(options.checkContract === undefined ? {} : { checkContract: options.checkContract }) })
  cleanups.push(() => home.remove(), () => c.close())
  return c
}

/** A session whose frames are collected, and a way to send a request and await its response. */
function session(handlers: Handlers, events: EventBus) {
  const frames: ServerFrame[] = []
  const s = createFrameSession({ handlers, events, send: (f) => frames.push(f), batchIntervalMs: 0 })
  cleanups.push(() => s.close())
  let id = 0
  return {
    frames,
    async request(channel: string, payload: unknown) {
      const frameId = ++id
      await s.handle(JSON.stringify({ type: 'request', id: frameId, channel, payload }))
      const response = frames.find((f) => f.type === 'response' && f.id === frameId)
      if (response?.type !== 'response') throw new Error(`no response to ${channel}`)
      return response.result
    }
  }
}

describe('frame session, checked against the contract', () => {
  it('sends only results and events that parse against their schemas', async () => {
    const c = core({ checkContract: true })
    const s = session(c.handlers, c.events)
    const calls: Array<[string, unknown]> = [
      ['conversations.create', { title: 'checked' }],
      ['conversations.list', {}],
      ['settings.get', {}],
      ['health.get', {}],
      ['settings.set', { key: 'timeouts.idleMs', value: 20_000 }]
    ]
    for (const [channel, payload] of calls) {
      const result = await s.request(channel, payload)
      expect(result, channel).toMatchObject({ ok: true })
    }
    const created = s.frames.find((f) => f.type === 'response' && f.id === 1)
    const id = created?.type === 'response' && created.result.ok ? (created.result.value as { id: string }).id : ''
    expect(await s.request('conversations.get', { id })).toMatchObject({ ok: true })
    // The oracle, independent of the session: every frame it sent is what the contract promises.
    const requests = [...calls.map(([channel]) => channel), 'conversations.get']
    for (const frame of s.frames) {
      if (frame.type === 'response') {
        const channel = requests[frame.id - 1]!
        expect(isRequestChannel(channel) && frame.result.ok && outputMismatch(channel, frame.result.value), channel).toBe(null)
      } else {
        expect(eventMismatch(frame.name as EventName, frame.payload), frame.name).toBe(null)
      }
    }
    expect(s.frames.some((f) => f.type === 'event' && f.name === 'conversations.changed')).toBe(true)
  })

  it('answers a handler result of the wrong shape with contract_violation, naming the channel and the field', async () => {
    const c = core({ checkContract: true })
    const wrong = checkedHandlers({ ...c.handlers, 'conversations.list': async () => [{ id: 7, title: 'no dates' }] as never })
    const result = await session(wrong, c.events).request('conversations.list', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'contract_violation' } })
    expect(!result.ok && result.error.message).toMatch(/conversations\.list.*"0\.id"/)
  })

  it('refuses an event of the wrong shape where it is emitted, and never sends it', () => {
    const events = new EventBus(assertEvent)
    const s = session(checkedHandlers(core().handlers), events)
    expect(() => events.emit('chat.delta', { conversationId: 'c', messageId: 'm', text: 42 } as never)).toThrow(/"chat\.delta" event does not match the contract/)
    events.emit('conversations.changed', { conversationId: null })
    expect(s.frames).toEqual([{ type: 'event', name: 'conversations.changed', payload: { conversationId: null } }])
  })
})

describe('the core checks the contract', () => {
  const wrongEvent = (c: Core) => () => c.events.emit('conversations.changed', { conversationId: 5 } as never)

  it('when asked, and by default under NODE_ENV test or development', () => {
    expect(wrongEvent(core({ checkContract: true }))).toThrow(/contract_violation|does not match the contract/)
    expect(wrongEvent(core({ env: { NODE_ENV: 'test' } }))).toThrow(/does not match the contract/)
    expect(wrongEvent(core({ env: { NODE_ENV: 'development' } }))).toThrow(/does not match the contract/)
  })

  it('not in a shipped app, which does not pay for the parse', () => {
    expect(wrongEvent(core({ env: { NODE_ENV: 'production' } }))).not.toThrow()
    expect(wrongEvent(core())).not.toThrow()
  })
})
