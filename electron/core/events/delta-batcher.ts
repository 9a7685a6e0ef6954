import type { EventName, EventPayload } from '../../../shared/ipc/contract'

type Emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void

/** The time source and timers of a batcher; injectable so tests drive it with a fake clock. */
export interface BatchClock {
  /** Monotonic milliseconds. */
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

// Globals are looked up per call so vitest's fake timers (installed after import) apply.
const systemClock: BatchClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

export interface DeltaBatcherOptions {
  /** The shortest time between two deltas of one message on the wire: 16 ms is one frame (~60 Hz). */
  intervalMs?: number
  clock?: BatchClock
}

/** Per message: when its last delta left, and the text held since (with its timer). */
interface Lane {
  lastEmitAt: number
  held: EventPayload<'chat.delta'> | null
  timer: unknown
}

/** Lanes past this many are swept of idle ones; a few answers stream at once, never thousands. */
const SWEEP_AT = 256

/**
 * Coalesces chat.delta events per message so a flooding stream does not flood IPC, without ever
 * delaying a token that comes slowly: a delta leaves at once when its message's previous delta
 * left at least `intervalMs` ago (so the first token of an answer, and every token of a stream
 * paced slower than the interval, leaves the moment it arrives). Only a delta that follows too
 * closely is held, until `intervalMs` after the last one left, with whatever else arrives
 * meanwhile: a flood goes out at one event per interval. Any other event flushes everything
 * held first, so a client never sees 'finished' before the last text.
 */
export function createDeltaBatcher(emit: Emit, options: DeltaBatcherOptions = {}) {
  const { intervalMs = 16, clock = systemClock } = options
  const lanes = new Map<string, Lane>()

  const release = (lane: Lane): void => {
    if (lane.timer !== null) clock.clearTimeout(lane.timer)
    lane.timer = null
    const held = lane.held
    if (!held) return
    lane.held = null
    lane.lastEmitAt = clock.now()
    emit('chat.delta', held)
  }

  const flush = (): void => {
    for (const lane of lanes.values()) release(lane)
  }

  /** A lane idle for a whole interval behaves exactly like no lane at all, so it can go. */
  const sweep = (at: number): void => {
    for (const [id, lane] of lanes) if (!lane.held && at - lane.lastEmitAt >= intervalMs) lanes.delete(id)
  }

  const pushDelta = (delta: EventPayload<'chat.delta'>): void => {
    const at = clock.now()
    const lane = lanes.get(delta.messageId)
    if (lane?.held) {
      lane.held.text += delta.text // held is this batcher's own copy
      return
    }
    if (!lane || at - lane.lastEmitAt >= intervalMs) {
      if (lane) lane.lastEmitAt = at
      else {
        if (lanes.size >= SWEEP_AT) sweep(at)
        lanes.set(delta.messageId, { lastEmitAt: at, held: null, timer: null })
      }
      emit('chat.delta', delta)
      return
    }
    lane.held = { ...delta }
    lane.timer = clock.setTimeout(() => release(lane), lane.lastEmitAt + intervalMs - at)
  }

  const push: Emit = (name, payload) => {
    if (name === 'chat.delta') return pushDelta(payload as EventPayload<'chat.delta'>)
    flush()
    // An answer that ended will send no more deltas: forget its lane.
    if (name === 'chat.finished') lanes.delete((payload as EventPayload<'chat.finished'>).message.id)
    emit(name, payload)
  }

  return {
    push,
    flush,
    dispose() {
      flush()
      lanes.clear()
    }
  }
}
