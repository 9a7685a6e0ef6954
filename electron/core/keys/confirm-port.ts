import type { KeyHostConfirmer, KeyHostQuestion } from './key-service'

/**
 * The core process asks its parent (the Electron main process, which can show a native dialog)
 * whether a held-back key may go to a new server. Like the cipher messages, these travel on the
 * parent port beside the contract frames: no window can send or answer one, so a page that
 * changed a base URL cannot also grant it.
 */
export type ConfirmRequest = { type: 'confirm-key-host'; id: number; question: KeyHostQuestion }

/** The parent's answer: true only when the user chose to send the key. */
export type ConfirmReply = { type: 'confirm-key-host-result'; id: number; yes: boolean }

/** Whether a message from the core is a confirmation request (the parent shows its dialog). */
export function isConfirmRequest(message: unknown): message is ConfirmRequest {
  const m = message as Partial<ConfirmRequest> | null
  const q = m?.question as Partial<KeyHostQuestion> | undefined
  return (
    typeof m === 'object' &&
    m !== null &&
    m.type === 'confirm-key-host' &&
    typeof m.id === 'number' &&
    typeof q?.provider === 'string' &&
    typeof q.sendsTo === 'string' &&
    (q.savedFor === null || typeof q.savedFor === 'string')
  )
}

function isConfirmReply(message: unknown): message is ConfirmReply {
  const m = message as Partial<ConfirmReply> | null
  return typeof m === 'object' && m !== null && m.type === 'confirm-key-host-result' && typeof m.id === 'number' && typeof m.yes === 'boolean'
}

/** A confirmer whose questions go to the parent; feed every inbound message to receive(). */
export interface PortConfirmer {
  confirm: KeyHostConfirmer
  /** Settles the matching question; false when the message was not an answer we wait for. */
  receive(message: unknown): boolean
}

/**
 * Asks over a parent port. A question left unanswered (the dialog ignored, the parent gone) is a
 * no after `timeoutMs`: the key stays where it was.
 */
export function createPortConfirmer(post: (request: ConfirmRequest) => void, timeoutMs = 5 * 60_000): PortConfirmer {
  const pending = new Map<number, { resolve: (yes: boolean) => void; timer: ReturnType<typeof setTimeout> }>()
  let nextId = 1
  return {
    confirm: (question) =>
      new Promise((resolve) => {
        const id = nextId++
        const timer = setTimeout(() => {
          pending.delete(id)
          resolve(false)
        }, timeoutMs)
        pending.set(id, { resolve, timer })
        post({ type: 'confirm-key-host', id, question })
      }),
    receive(message) {
      if (!isConfirmReply(message)) return false
      const waiting = pending.get(message.id)
      if (!waiting) return false
      pending.delete(message.id)
      clearTimeout(waiting.timer)
      waiting.resolve(message.yes)
      return true
    }
  }
}
