import { z } from 'zod'

/** Identifiers are opaque strings (UUIDs); limits keep hostile payloads small. */
export const Id = z.string().min(1).max(64)

/** The kinds of provider the core can talk to; each has one adapter. */
export const ProviderKind = z.enum(['openai', 'anthropic', 'ollama', 'openai-compatible'])
export type ProviderKind = z.infer<typeof ProviderKind>

/** A provider id is user-chosen for OpenAI-compatible endpoints, so it is a slug. */
export const ProviderId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'provider ids are lowercase letters, digits and dashes')

/** "provider:model", e.g. "openai:gpt-4o-mini" or "ollama:llama3.2:1b" (model names may contain colons). */
export const ModelRef = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]{0,31}:.+$/, 'expected provider:model')
export type ModelRef = z.infer<typeof ModelRef>

export function splitModelRef(ref: string): { provider: string; model: string } {
  const at = ref.indexOf(':')
  return { provider: ref.slice(0, at), model: ref.slice(at + 1) }
}

export const Role = z.enum(['system', 'user', 'assistant'])
export type Role = z.infer<typeof Role>

/** streaming until the provider finishes; partial when cut off (stop, crash, broken stream); failed when nothing usable came back. */
export const MessageStatus = z.enum(['streaming', 'complete', 'partial', 'failed'])
export type MessageStatus = z.infer<typeof MessageStatus>

export const ErrorData = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean()
})
/** Errors cross every boundary as plain data: Electron drops the fields of thrown Error objects. */
export type ErrorData = z.infer<typeof ErrorData>

export const Usage = z.object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() })
export type Usage = z.infer<typeof Usage>

/**
 * How one try at one target ended. The client records one per try, so a message shows every
 * step of its way: "openai timed out, anthropic breaker open, served by ollama".
 */
export const AttemptOutcome = z.enum([
  'ok',
  'timeout-connect', // no response headers in time
  'timeout-first-token', // headers, but no first token in time
  'timeout-idle', // the stream went quiet too long between chunks
  'timeout-total', // the whole attempt ran too long
  'http-429',
  'http-4xx', // 400/401/403/404/422…: not retried on the same target
  'http-5xx', // including Anthropic's 529 overloaded
  'context-length', // the conversation does not fit this model
  'network', // refused, reset, DNS: before any token
  'stream-broken', // the stream broke after tokens arrived
  'protocol', // the server sent something we could not parse
  'config', // missing key, unknown provider
  'offline', // skipped: the machine is offline and this target is on the internet (target-locality.ts)
  'breaker-open', // skipped: the target failed recently, its breaker is open
  'rate-limited', // skipped: our own rate limit would have made it wait too long
  'budget', // skipped: a spend budget forbids it
  'aborted' // the user stopped it
])
export type AttemptOutcome = z.infer<typeof AttemptOutcome>

export const Attempt = z.object({
  /** 0 for the first target of the route, 1 for the next… */
  tier: z.number().int().nonnegative(),
  /** 1 for the first try at this target, 2 for its first retry… */
  try: z.number().int().positive(),
  provider: z.string(),
  model: z.string(),
  outcome: AttemptOutcome,
  httpStatus: z.number().int().nullable(),
  errorCode: z.string().nullable(),
  message: z.string().nullable(),
  startedAt: z.number(),
  latencyMs: z.number().nonnegative(),
  firstTokenMs: z.number().nonnegative().nullable(),
  /** How long the client waited before the next try (backoff or Retry-After); 0 when it moved on. */
  retryWaitMs: z.number().nonnegative(),
  /** Text that arrived before the attempt broke: kept, shown apart, never spliced into the answer. */
  partialText: z.string().nullable()
})
export type Attempt = z.infer<typeof Attempt>

export const Message = z.object({
  id: Id,
  conversationId: Id,
  role: Role,
  content: z.string(),
  status: MessageStatus,
  provider: z.string().nullable(),
  model: z.string().nullable(),
  createdAt: z.number(),
  completedAt: z.number().nullable(),
  firstTokenMs: z.number().nullable(),
  latencyMs: z.number().nullable(),
  usage: Usage.nullable(),
  finishReason: z.string().nullable(),
  error: ErrorData.nullable(),
  /** Which target of the route served the answer (0 = the first); null for user messages and total failures. */
  tier: z.number().int().nonnegative().nullable(),
  /** Every try the client made for this answer, in order. Empty for user messages. */
  attempts: z.array(Attempt)
})
export type Message = z.infer<typeof Message>

export const Conversation = z.object({
  id: Id,
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messageCount: z.number().int().nonnegative()
})
export type Conversation = z.infer<typeof Conversation>

/** Messages per page when the caller does not say, and the most it may ask for: a page stays a few tens of KiB. */
export const MESSAGE_PAGE_SIZE = 50
export const MAX_MESSAGE_PAGE_SIZE = 500

/**
 * One page of a conversation. The first page is the newest; each page's messages run oldest to
 * newest, so pages are prepended as the user scrolls up. Attempts come only for the page's messages.
 */
export const ConversationPage = z.object({
  conversation: Conversation,
  messages: z.array(Message),
  /** Older messages exist: ask for them with `before: nextBefore`. */
  hasMore: z.boolean(),
  /** The cursor of the page before this one (its oldest message's position); null on the first page. */
  nextBefore: z.number().int().positive().nullable()
})
export type ConversationPage = z.infer<typeof ConversationPage>

/** A few words around what a search found; `hit` marks the words that matched. */
export const Snippet = z.array(z.object({ text: z.string().max(2000), hit: z.boolean() })).max(64)
export type Snippet = z.infer<typeof Snippet>

/** Why a conversation is in a search's results: its title (messageId null) or its newest matching message. */
export const SearchMatch = z.object({ messageId: Id.nullable(), snippet: Snippet })
export type SearchMatch = z.infer<typeof SearchMatch>

/** A row of the conversation list; `match` is set when the list answers a search. */
export const ConversationListItem = Conversation.extend({ match: SearchMatch.optional() })
export type ConversationListItem = z.infer<typeof ConversationListItem>

export const ModelInfo = z.object({
  ref: ModelRef,
  provider: z.string(),
  model: z.string(),
  label: z.string()
})
export type ModelInfo = z.infer<typeof ModelInfo>

/** A circuit breaker's state for one provider:model, as the health panel shows it. */
export const TargetHealth = z.object({
  target: ModelRef,
  state: z.enum(['closed', 'open', 'half-open']),
  consecutiveFailures: z.number().int().nonnegative(),
  /** Failures / calls over the breaker's window. */
  failureRate: z.number().min(0).max(1),
  calls: z.number().int().nonnegative(),
  openUntil: z.number().nullable(),
  recent: z.array(z.object({ at: z.number(), outcome: AttemptOutcome, message: z.string().nullable() }))
})
export type TargetHealth = z.infer<typeof TargetHealth>

export const ProviderLoad = z.object({
  provider: z.string(),
  /** Requests waiting in this process for a rate-limit token or a concurrency slot. */
  queued: z.number().int().nonnegative(),
  inFlight: z.number().int().nonnegative(),
  maxConcurrent: z.number().int().positive(),
  requestsAvailable: z.number().nullable(),
  tokensAvailable: z.number().nullable()
})
export type ProviderLoad = z.infer<typeof ProviderLoad>

/** Why internet targets are skipped: the OS reports no network, or every cloud host in play was unreachable. */
export const OfflineReason = z.enum(['no-network', 'cloud-unreachable'])
export type OfflineReason = z.infer<typeof OfflineReason>

export const HealthView = z.object({
  offline: z.boolean(),
  offlineSince: z.number().nullable(),
  offlineReason: OfflineReason.nullable(),
  /** With 'cloud-unreachable': the hosts that all failed (api.openai.com, api.anthropic.com…). */
  unreachableHosts: z.array(z.string()),
  targets: z.array(TargetHealth),
  providers: z.array(ProviderLoad)
})
export type HealthView = z.infer<typeof HealthView>

export const ProviderModels = z.object({
  provider: z.string(),
  kind: ProviderKind,
  models: z.array(ModelInfo),
  error: ErrorData.nullable()
})
export type ProviderModels = z.infer<typeof ProviderModels>
