import type { Bridge } from '../../../shared/ipc/bridge'
import type { Result } from '../../../shared/ipc/contract'

/** A bridge whose answers and events the test scripts by hand, the way a core would send them. */
export function scriptedBridge() {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const calls: Array<{ channel: string; payload: unknown; answer: (r: Result<unknown>) => void }> = []
  const bridge: Bridge = {
    invoke: (channel, payload) => new Promise((answer) => calls.push({ channel, payload, answer })),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => set.delete(listener)
    }
  }
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload))
  return { bridge, calls, emit }
}
