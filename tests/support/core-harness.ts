import { join } from 'node:path'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import { dispatch } from '../../shared/ipc/dispatch'
import { createCore, type Core, type CoreOptions } from '../../electron/core/core'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { tempHome } from './temp-home'

export interface CoreHarness {
  core: Core
  home: string
  events: Array<{ name: EventName; payload: unknown }>
  /** Calls the contract exactly as a door does: validated by dispatch(). */
  call(channel: string, payload: unknown): ReturnType<typeof dispatch>
  /** Resolves with the finished message of an answer. */
  finished(messageId: string): Promise<EventPayload<'chat.finished'>['message']>
  close(): Promise<void>
}

/** A real core on a throwaway data directory, recording every event it emits. */
export function startCore(env: Record<string, string>, overrides: Partial<CoreOptions> = {}): CoreHarness {
  const home = tempHome()
  // Short retry waits and no OS offline check: tests control every fault themselves.
  const resilience = { retry: { baseDelayMs: 5, maxDelayMs: 20 }, offline: { osOffline: () => false } }
  // Every result and event is parsed against the contract: a wrong shape fails the test where it was made.
  const core = createCore({ home: join(home.dir, 'data'), env, secrets: new MemorySecretStore(), checkContract: true, ...overrides, resilience: { ...resilience, ...overrides.resilience } })
  const events: CoreHarness['events'] = []
  core.events.onAny((name, payload) => events.push({ name, payload }))
  return {
    core,
    home: join(home.dir, 'data'),
    events,
    call: (channel, payload) => dispatch(core.handlers, channel, payload),
    finished: (messageId) =>
      new Promise((resolve) => {
        const seen = events.find((e) => e.name === 'chat.finished' && (e.payload as EventPayload<'chat.finished'>).message.id === messageId)
        if (seen) return resolve((seen.payload as EventPayload<'chat.finished'>).message)
        const off = core.events.on('chat.finished', (p) => {
          if (p.message.id !== messageId) return
          off()
          resolve(p.message)
        })
      }),
    async close() {
      await core.close()
      home.remove()
    }
  }
}

/** The value of an ok result, or a thrown error that shows the failure. */
export function ok<T>(result: Awaited<ReturnType<typeof dispatch>>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.value as T
}
