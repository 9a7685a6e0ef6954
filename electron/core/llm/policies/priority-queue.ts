import type { Priority } from './policy'

/**
 * Waiters in the order they are served: every interactive one before any background one,
 * first come first served within a priority. Queues are short (a few waiters per provider),
 * so removal by search is cheaper than any index.
 */
export class PriorityQueue<T> {
  private readonly interactive: T[] = []
  private readonly background: T[] = []

  get size(): number {
    return this.interactive.length + this.background.length
  }

  /** Adds item behind the others of its priority. */
  push(item: T, priority: Priority): void {
    if (priority === 'interactive') this.interactive.push(item)
    else this.background.push(item)
  }

  /** The next to serve, or undefined when empty. */
  peek(): T | undefined {
    return this.interactive[0] ?? this.background[0]
  }

  /** Removes and returns the next to serve. */
  shift(): T | undefined {
    return this.interactive.length > 0 ? this.interactive.shift() : this.background.shift()
  }

  /** Removes item wherever it waits (an aborted waiter); false if it was not queued. */
  remove(item: T): boolean {
    for (const list of [this.interactive, this.background]) {
      const i = list.indexOf(item)
      if (i >= 0) {
        list.splice(i, 1)
        return true
      }
    }
    return false
  }

  /** Every waiter in serving order (a copy). */
  toArray(): T[] {
    return [...this.interactive, ...this.background]
  }
}
