import { describeIssues } from '../describe-issues'
import { WorkbenchError } from '../errors'
import { events, type EventName, type Handlers, requestChannels, requests, type RequestChannel } from './contract'

/**
 * Outputs and events are typed at compile time, but a type can lie (a cast, a row read from
 * SQLite, a spread that drags in a field): in tests and development builds the core parses every
 * handler result and every emitted event against its schema here, so a door never sees a shape
 * the contract does not promise. Production skips it: the parse would cost on every token.
 */

/** Why `value` is not what `channel` promises to return; null when it is. */
export function outputMismatch(channel: RequestChannel, value: unknown): string | null {
  const parsed = requests[channel].output.safeParse(value)
  return parsed.success ? null : describeIssues(parsed.error.issues, value)
}

/** Why `payload` is not what event `name` promises to carry; null when it is. */
export function eventMismatch(name: EventName, payload: unknown): string | null {
  const parsed = events[name].safeParse(payload)
  return parsed.success ? null : describeIssues(parsed.error.issues, payload)
}

/** A result or event that breaks the contract: a bug in the core, reported with the channel and the fields. */
export function contractViolation(what: string, problem: string): WorkbenchError {
  return new WorkbenchError('contract_violation', `${what} does not match the contract: ${problem}`)
}

/** The same handlers, each result checked against its channel's output schema; a mismatch is thrown as contract_violation. */
export function checkedHandlers(handlers: Handlers): Handlers {
  const checked: Partial<Record<RequestChannel, (input: never) => Promise<unknown>>> = {}
  for (const channel of requestChannels) {
    const handler = handlers[channel] as (input: never) => Promise<unknown>
    checked[channel] = async (input) => {
      const value = await handler(input)
      const problem = outputMismatch(channel, value)
      if (problem !== null) throw contractViolation(`The result of "${channel}"`, problem)
      return value
    }
  }
  return checked as Handlers
}

/** Throws contract_violation when an event's payload does not match its schema (for EventBus's check). */
export function assertEvent(name: EventName, payload: unknown): void {
  const problem = eventMismatch(name, payload)
  if (problem !== null) throw contractViolation(`The "${name}" event`, problem)
}
