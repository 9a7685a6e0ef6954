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
  error: ErrorData.nullable()
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

export const ConversationDetail = Conversation.extend({ messages: z.array(Message) })
export type ConversationDetail = z.infer<typeof ConversationDetail>

export const ModelInfo = z.object({
  ref: ModelRef,
  provider: z.string(),
  model: z.string(),
  label: z.string()
})
export type ModelInfo = z.infer<typeof ModelInfo>

export const ProviderModels = z.object({
  provider: z.string(),
  kind: ProviderKind,
  models: z.array(ModelInfo),
  error: ErrorData.nullable()
})
export type ProviderModels = z.infer<typeof ProviderModels>
