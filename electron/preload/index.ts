import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Bridge } from '../../shared/ipc/bridge'
import type { Result } from '../../shared/ipc/contract'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../main/ipc/ipc-channels'
import { isKnownEventName, isKnownRequestChannel } from './contract-names'

/**
 * window.workbench: exactly the Bridge interface and nothing more. The page never sees
 * ipcRenderer, an IpcRendererEvent, or a channel outside the contract.
 */
const api: Bridge = {
  async invoke(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (!isKnownRequestChannel(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: `Unknown request "${String(channel).slice(0, 80)}".`, retryable: false } }
    }
    try {
      return (await ipcRenderer.invoke(INVOKE_CHANNEL, channel, payload)) as Result<unknown>
    } catch (err) {
      // Only reached if the main process has no handler yet or the payload cannot be cloned.
      const message = err instanceof Error ? err.message : String(err)
      return { ok: false, error: { code: 'ipc_failed', message: `The app could not deliver the request: ${message}`, retryable: true } }
    }
  },

  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!isKnownEventName(event)) throw new Error(`Unknown event "${String(event).slice(0, 80)}".`)
    if (typeof listener !== 'function') throw new Error('The listener must be a function.')
    const relay = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, relay)
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, relay)
  }
}

contextBridge.exposeInMainWorld('workbench', api)
