import type { EventName, EventPayload } from '../../../shared/ipc/contract'

type Emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void

/**
 * Coalesces chat.delta events per message so a fast stream does not flood IPC: deltas are
 * held for at most `intervalMs` (one frame) and sent as one. Any other event for the same
 * message flushes first, so a renderer never sees 'finished' before the last text.
 */
export function createDeltaBatcher(emit: Emit, intervalMs = 16) {
  const pending = new Map<string, EventPayload<'chat.delta'>>()
  let timer: ReturnType<typeof setTimeout> | null = null

  const flush = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
    const batch = [...pending.values()]
    pending.clear()
    for (const delta of batch) emit('chat.delta', delta)
  }

  const push: Emit = (name, payload) => {
    if (name !== 'chat.delta') {
      flush()
      emit(name, payload)
      return
    }
    const delta = payload as EventPayload<'chat.delta'>
    const held = pending.get(delta.messageId)
    pending.set(delta.messageId, held ? { ...held, text: held.text + delta.text } : { ...delta })
    timer ??= setTimeout(flush, intervalMs)
  }

  return { push, flush, dispose: flush }
}
