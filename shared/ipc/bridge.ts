import { z } from 'zod'
import type { Result } from './contract'

/**
 * The untyped surface a transport offers: the preload exposes exactly this as
 * `window.workbench`, and the WebSocket client implements the same shape. The renderer
 * wraps it once in a typed client (renderer/src/api) and never touches it elsewhere.
 */
export interface Bridge {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>
  /** Returns an unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void
}

/** Frames a client sends over a socket or port. */
export const ClientFrame = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown()
})
export type ClientFrame = z.infer<typeof ClientFrame>

/** Frames the core sends back: a response to one request, or an event for every listener. */
export type ServerFrame =
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'event'; name: string; payload: unknown }

/** Frames larger than this are refused before parsing: chat input is capped far below it. */
export const MAX_FRAME_BYTES = 1024 * 1024
