import type { EventName, EventPayload } from '../../../shared/ipc/contract'

type Listener<E extends EventName> = (payload: EventPayload<E>) => void
type AnyListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void

/** Typed publish/subscribe for contract events. Transports subscribe with onAny. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<never>>>()
  private readonly anyListeners = new Set<AnyListener>()

  /**
   * `check` runs on every payload before any listener and throws on one that breaks the contract,
   * at the code that emitted it (the core passes contract-check's assertEvent in tests and development).
   */
  constructor(private readonly check?: (name: EventName, payload: unknown) => void) {}

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name)
    if (!set) this.listeners.set(name, (set = new Set()))
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener)
    return () => this.anyListeners.delete(listener)
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.check?.(name, payload)
    // A throwing listener must not stop the stream for the others.
    for (const l of this.listeners.get(name) ?? []) safely(() => (l as Listener<E>)(payload))
    for (const l of this.anyListeners) safely(() => l(name, payload))
  }
}

function safely(fn: () => void): void {
  try {
    fn()
  } catch (err) {
    console.error('[events] a listener threw; the others still ran:', err)
  }
}
