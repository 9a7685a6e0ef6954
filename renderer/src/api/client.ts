import type { Bridge } from '../../../shared/ipc/bridge'
import type { EventName, EventPayload, RequestChannel, RequestInput, RequestOutput } from '../../../shared/ipc/contract'
import { WorkbenchError } from '../../../shared/errors'

/** The typed face of a Bridge: the only way stores talk to the core. */
export interface Client {
  /** Resolves with the typed output, or throws a WorkbenchError carrying the core's code and message. */
  invoke<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>>
  /** Subscribes to one contract event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** Wraps an untyped bridge. Outputs are trusted as typed: the core checks them against the contract in its tests. */
export function createClient(bridge: Bridge): Client {
  return {
    async invoke(channel, input) {
      const result = await bridge.invoke(channel, input)
      if (!result.ok) throw new WorkbenchError(result.error.code, result.error.message, { retryable: result.error.retryable })
      return result.value as never
    },
    on(name, listener) {
      return bridge.on(name, (payload) => listener(payload as EventPayload<typeof name>))
    }
  }
}

/** A message fit for the user from anything a request threw. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
