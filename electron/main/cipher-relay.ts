import { answerCipherRequest, isCipherRequest } from '../core/secrets/cipher-port'
import type { Cipher } from '../core/secrets/cipher'
import type { CoreChild } from './core-client'

/**
 * Answers the core process's cipher requests with the main process's Cipher (safeStorage).
 * Only the core child can ask: these messages never come from, or go to, a window.
 */
export function relayCipherRequests(child: Pick<CoreChild, 'onMessage' | 'postMessage'>, cipher: Cipher): void {
  child.onMessage((message) => {
    if (!isCipherRequest(message)) return
    void answerCipherRequest(message, cipher).then((reply) => {
      try {
        child.postMessage(reply)
      } catch {
        // The child exited while we worked; its successor asks again.
      }
    })
  })
}
