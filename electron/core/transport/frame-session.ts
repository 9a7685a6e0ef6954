import { ClientFrame, MAX_FRAME_BYTES, type ServerFrame } from '../../../shared/ipc/bridge'
import { dispatch } from '../../../shared/ipc/dispatch'
import type { Handlers } from '../../../shared/ipc/contract'
import type { EventBus } from '../events/event-bus'
import { createDeltaBatcher } from '../events/delta-batcher'

export interface FrameSessionOptions {
  handlers: Handlers
  events: EventBus
  send: (frame: ServerFrame) => void
  batchIntervalMs?: number
}

/**
 * One client of the contract over a message transport (a WebSocket, a utility-process port):
 * parses frames, dispatches requests, answers, and forwards events (deltas are batched only when
 * they flood: delta-batcher.ts). Transports only move strings or objects; all validation happens
 * here and in dispatch().
 */
export function createFrameSession({ handlers, events, send, batchIntervalMs }: FrameSessionOptions) {
  const batcher = createDeltaBatcher((name, payload) => send({ type: 'event', name, payload }), batchIntervalMs === undefined ? {} : { intervalMs: batchIntervalMs })
  const unsubscribe = events.onAny(batcher.push)

  async function handle(raw: unknown): Promise<void> {
    const frame = parseFrame(raw)
    if (!frame.ok) {
      send({ type: 'response', id: frame.id, result: { ok: false, error: frame.error } })
      return
    }
    const result = await dispatch(handlers, frame.value.channel, frame.value.payload)
    send({ type: 'response', id: frame.value.id, result })
  }

  function close(): void {
    unsubscribe()
    batcher.dispose()
  }

  return { handle, close }
}

type Parsed =
  | { ok: true; value: ClientFrame }
  | { ok: false; id: number; error: { code: string; message: string; retryable: boolean } }

function parseFrame(raw: unknown): Parsed {
  let data = raw
  if (typeof raw === 'string') {
    if (raw.length > MAX_FRAME_BYTES) return bad(-1, 'frame_too_large', 'The request is larger than 1 MiB.')
    try {
      data = JSON.parse(raw)
    } catch {
      return bad(-1, 'invalid_frame', 'The request is not valid JSON.')
    }
  }
  const parsed = ClientFrame.safeParse(data)
  if (parsed.success) return { ok: true, value: parsed.data }
  const id = typeof (data as { id?: unknown })?.id === 'number' ? (data as { id: number }).id : -1
  return bad(id, 'invalid_frame', 'The request frame is malformed: expected {type:"request", id, channel, payload}.')
}

function bad(id: number, code: string, message: string): Parsed {
  return { ok: false, id, error: { code, message, retryable: false } }
}
