import { z } from 'zod'
import {
  Attempt,
  Conversation,
  ConversationListItem,
  ConversationPage,
  ErrorData,
  HealthView,
  Id,
  MAX_MESSAGE_PAGE_SIZE,
  Message,
  ModelRef,
  ProviderId,
  ProviderModels,
  Usage
} from '../types/domain'
import { KeyBackend, ProviderConfig, RouteName, SettingsView } from '../types/settings'

/**
 * The one IPC contract. Every door (Electron IPC, the WebSocket host, the utility-process
 * bridge) speaks exactly these requests and events; nothing else crosses a process boundary.
 * Inputs are validated where they arrive (dispatch.ts). Outputs and events are typed, and the
 * core parses each one against its schema in tests and development builds (contract-check.ts).
 */
export const requests = {
  /** Newest first; with `query`, the conversations whose title or messages contain its words (the last word as a prefix). */
  'conversations.list': {
    input: z.object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    output: z.array(ConversationListItem)
  },
  /**
   * One page of a conversation: the newest `limit` messages (default MESSAGE_PAGE_SIZE), or those
   * just before `before` (a page's `nextBefore`). A long conversation opens as fast as a short one.
   */
  'conversations.get': {
    input: z
      .object({ id: Id, before: z.number().int().positive().optional(), limit: z.number().int().min(1).max(MAX_MESSAGE_PAGE_SIZE).optional() })
      .strict(),
    output: ConversationPage
  },
  'conversations.create': {
    input: z.object({ title: z.string().trim().min(1).max(200).optional() }).strict(),
    output: Conversation
  },
  'conversations.rename': {
    input: z.object({ id: Id, title: z.string().trim().min(1).max(200) }).strict(),
    output: Conversation
  },
  'conversations.delete': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ deleted: z.boolean() })
  },
  'chat.send': {
    input: z
      .object({
        conversationId: Id.optional(),
        content: z.string().trim().min(1, 'the message is empty').max(200_000),
        /** Use this model first, then the rest of the route. */
        model: ModelRef.optional(),
        /** A named route from settings; "default" when omitted. */
        route: RouteName.optional(),
        /** A repeated send with the same key returns the first send's ids instead of sending twice. */
        idempotencyKey: z.string().min(8).max(100).optional()
      })
      .strict(),
    // The route the core resolved comes with chat.started, so a repeated send answers exactly as the first did.
    output: z.object({ conversationId: Id, userMessageId: Id, assistantMessageId: Id })
  },
  'chat.stop': {
    input: z.object({ messageId: Id }).strict(),
    output: z.object({ stopped: z.boolean() })
  },
  'models.list': {
    input: z.object({ refresh: z.boolean().optional() }).strict(),
    output: z.array(ProviderModels)
  },
  /** The model a message with none picked goes to first: every door preselects or uses this one (resolve-route.ts). */
  'models.default': {
    input: z.object({}).strict(),
    output: z.object({ model: ModelRef.nullable() })
  },
  'settings.get': {
    input: z.object({}).strict(),
    output: SettingsView
  },
  'settings.setProviders': {
    input: z.object({ providers: z.array(ProviderConfig).max(32) }).strict(),
    output: SettingsView
  },
  /** Sets one value by dotted path ("routes.default", "timeouts.idleMs"); the whole result is validated. */
  'settings.set': {
    input: z.object({ key: z.string().min(1).max(200), value: z.unknown() }).strict(),
    output: SettingsView
  },
  /** Breakers, recent errors, queues and whether the machine is offline. */
  'health.get': {
    input: z.object({}).strict(),
    output: HealthView
  },
  'settings.setDefaultModel': {
    input: z.object({ model: ModelRef.nullable() }).strict(),
    output: SettingsView
  },
  /** Keys go in, never out: the renderer learns only whether one is set and its last four characters. */
  'keys.set': {
    input: z.object({ provider: ProviderId, key: z.string().trim().min(8).max(500) }).strict(),
    output: SettingsView
  },
  'keys.remove': {
    input: z.object({ provider: ProviderId }).strict(),
    output: SettingsView
  },
  /** A cheap authenticated call (listing models) with the stored key. */
  'keys.test': {
    input: z.object({ provider: ProviderId }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() })
  },
  /**
   * Lets a held-back key go to the server its provider now names. Only a door that can ask the
   * user outside the page grants it (the app's native dialog); `workbench serve` refuses, since
   * whoever asked for the change over the socket could also answer here. Re-entering the key works everywhere.
   */
  'keys.confirmHost': {
    input: z.object({ provider: ProviderId }).strict(),
    output: SettingsView
  },
  /** Where keys are kept from now on; refused unless that backend works here. Keys are not moved. */
  'keys.useBackend': {
    input: z.object({ backend: KeyBackend }).strict(),
    output: SettingsView
  }
} as const

/** Events pushed from the core to every listening renderer. Deltas are batched by the transport. */
export const events = {
  /** `targets`: the route the core resolved for this answer (resolve-route.ts), in the order it tries it; every door reads it here, none re-resolves. */
  'chat.started': z.object({ conversationId: Id, message: Message, targets: z.array(ModelRef) }),
  'chat.delta': z.object({ conversationId: Id, messageId: Id, text: z.string() }),
  /** One try ended. When it failed after text arrived, that text is set apart: the answer restarts on the next target. */
  'chat.attempt': z.object({ conversationId: Id, messageId: Id, attempt: Attempt }),
  'chat.finished': z.object({ conversationId: Id, message: Message }),
  'conversations.changed': z.object({ conversationId: Id.nullable() })
} as const

export type RequestChannel = keyof typeof requests
export type EventName = keyof typeof events
export type RequestInput<C extends RequestChannel> = z.input<(typeof requests)[C]['input']>
export type RequestOutput<C extends RequestChannel> = z.infer<(typeof requests)[C]['output']>
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>

/** What every request resolves to: errors are values, never thrown across a boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData }

/** A table of handlers typed against the contract: a missing or mistyped handler does not compile. */
export type Handlers = {
  [C in RequestChannel]: (input: z.infer<(typeof requests)[C]['input']>) => Promise<RequestOutput<C>>
}

export const requestChannels = Object.keys(requests) as RequestChannel[]
export const eventNames = Object.keys(events) as EventName[]

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(requests, value)
}


export type { Usage }
