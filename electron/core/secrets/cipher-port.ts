import { toErrorData, WorkbenchError } from '../../../shared/errors'
import type { ErrorData } from '../../../shared/types/domain'
import type { Cipher, CipherStatus } from './cipher'

/**
 * The core process asks its parent (the Electron main process, which owns safeStorage) to run a
 * Cipher operation. These messages travel on the parent port beside the contract frames and
 * 'shutdown'; they are not part of the renderer's contract and never reach a window.
 */
export type CipherRequest =
  | { type: 'cipher'; id: number; op: 'status' }
  | { type: 'cipher'; id: number; op: 'encrypt' | 'decrypt'; data: string }

/** The parent's answer: the operation's value (CipherStatus or a string), or why it failed. */
export type CipherReply = { type: 'cipher-result'; id: number; result: { ok: true; value: unknown } | { ok: false; error: ErrorData } }

/** Whether a message from the core is a cipher request (the parent routes it to its Cipher). */
export function isCipherRequest(message: unknown): message is CipherRequest {
  const m = message as Partial<CipherRequest & { data: unknown }> | null
  if (typeof m !== 'object' || m === null || m.type !== 'cipher' || typeof m.id !== 'number') return false
  return m.op === 'status' || ((m.op === 'encrypt' || m.op === 'decrypt') && typeof m.data === 'string')
}

/** Whether a message from the parent is a cipher reply. */
export function isCipherReply(message: unknown): message is CipherReply {
  const m = message as Partial<CipherReply> | null
  return typeof m === 'object' && m !== null && m.type === 'cipher-result' && typeof m.id === 'number' && typeof m.result === 'object' && m.result !== null
}

/** The parent's side: runs one request against its Cipher. Errors become data, as on every boundary. */
export async function answerCipherRequest(request: CipherRequest, cipher: Cipher): Promise<CipherReply> {
  try {
    const value = request.op === 'status' ? await cipher.status() : request.op === 'encrypt' ? await cipher.encrypt(request.data) : await cipher.decrypt(request.data)
    return { type: 'cipher-result', id: request.id, result: { ok: true, value } }
  } catch (err) {
    // Never echo the data: for 'encrypt' it is the API key.
    const data = toErrorData(err)
    return { type: 'cipher-result', id: request.id, result: { ok: false, error: { code: data.code, message: data.message, retryable: false } } }
  }
}

/** The core's side: a Cipher whose calls go to the parent; feed every reply to receive(). */
export interface PortCipher extends Cipher {
  /** Settles the matching call; false when the message was not a reply we wait for. */
  receive(message: unknown): boolean
}

/**
 * A Cipher over a parent port. A parent that never answers (a plain Node parent, a hung
 * keyring prompt) makes each call fail after `timeoutMs` instead of hanging a request forever.
 */
export function createPortCipher(post: (request: CipherRequest) => void, timeoutMs = 30_000): PortCipher {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void; timer: ReturnType<typeof setTimeout> }>()
  let nextId = 1

  const call = (op: CipherRequest['op'], data?: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new WorkbenchError('safe_storage_timeout', `The app did not answer a safeStorage request within ${Math.round(timeoutMs / 1000)} s.`, { retryable: true }))
      }, timeoutMs)
      pending.set(id, { resolve, reject, timer })
      post(op === 'status' ? { type: 'cipher', id, op } : { type: 'cipher', id, op, data: data ?? '' })
    })

  const text = async (op: 'encrypt' | 'decrypt', data: string): Promise<string> => {
    const value = await call(op, data)
    if (typeof value !== 'string') throw new WorkbenchError('safe_storage_failed', "Electron's safeStorage gave an answer the core does not understand.")
    return value
  }

  return {
    async status() {
      const value = (await call('status')) as Partial<CipherStatus> | null
      if (value?.available === true && typeof value.backend === 'string') return { available: true, backend: value.backend }
      if (value?.available === false && typeof value.reason === 'string') return { available: false, reason: value.reason }
      return { available: false, reason: "Electron's safeStorage gave an answer the core does not understand." }
    },
    encrypt: (plaintext) => text('encrypt', plaintext),
    decrypt: (ciphertext) => text('decrypt', ciphertext),
    receive(message) {
      if (!isCipherReply(message)) return false
      const waiting = pending.get(message.id)
      if (!waiting) return false
      pending.delete(message.id)
      clearTimeout(waiting.timer)
      if (message.result.ok) waiting.resolve(message.result.value)
      else waiting.reject(new WorkbenchError(message.result.error.code, message.result.error.message))
      return true
    }
  }
}
