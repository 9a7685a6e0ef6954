import type { EventName, RequestChannel } from '../../shared/ipc/contract'

// The preload is a sandboxed CommonJS bundle that cannot require('zod'), so it cannot import the
// contract's schemas at runtime. These lists carry only the names; the checks below make the
// type-check fail the moment they drift from the contract in either direction.

/** Every request channel of the contract. */
export const REQUEST_CHANNELS = [
  'conversations.list',
  'conversations.get',
  'conversations.create',
  'conversations.rename',
  'conversations.delete',
  'chat.send',
  'chat.stop',
  'models.list',
  'models.default',
  'settings.get',
  'settings.setProviders',
  'settings.set',
  'health.get',
  'settings.setDefaultModel',
  'keys.set',
  'keys.remove',
  'keys.test',
  'keys.confirmHost',
  'keys.useBackend'
] as const satisfies readonly RequestChannel[]

/** Every event name of the contract. */
export const EVENT_NAMES = ['chat.started', 'chat.delta', 'chat.attempt', 'chat.finished', 'conversations.changed'] as const satisfies readonly EventName[]

type Exhaustive<Missing> = [Missing] extends [never] ? true : { missing: Missing }
export const requestChannelsAreComplete: Exhaustive<Exclude<RequestChannel, (typeof REQUEST_CHANNELS)[number]>> = true
export const eventNamesAreComplete: Exhaustive<Exclude<EventName, (typeof EVENT_NAMES)[number]>> = true

const requestSet: ReadonlySet<string> = new Set(REQUEST_CHANNELS)
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES)

/** Whether a value names a request of the contract. */
export function isKnownRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && requestSet.has(value)
}

/** Whether a value names an event of the contract. */
export function isKnownEventName(value: unknown): value is EventName {
  return typeof value === 'string' && eventSet.has(value)
}
