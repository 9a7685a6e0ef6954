import { type BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { isRequestChannel, type Result } from '../../../shared/ipc/contract'
import { isTrustedSender, type SenderInfo } from '../security/trusted-origins'
import type { CoreClient } from '../core-client'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels'

export interface IpcOptions {
  core: CoreClient
  /** Our window, or null while none is open: calls from anything else are refused. */
  window: () => BrowserWindow | null
  origins: readonly string[]
}

/**
 * The one place ipcMain is touched. Each call is checked against its sender before it is
 * relayed; the payload itself is validated by the core, where every door validates it.
 */
export function registerIpc({ core, window, origins }: IpcOptions): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown): Promise<Result<unknown>> => {
    const win = window()
    const sender = describeSender(event)
    if (!isTrustedSender(sender, win && !win.isDestroyed() ? win.webContents.id : null, origins)) {
      console.error(`[ipc] refused a call from an untrusted sender (${sender.frameUrl ?? 'no frame'})`)
      return { ok: false, error: { code: 'forbidden', message: 'This page may not call the app.', retryable: false } }
    }
    if (!isRequestChannel(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: `Unknown request "${String(channel).slice(0, 80)}".`, retryable: false } }
    }
    return core.request(channel, payload)
  })
  return () => ipcMain.removeHandler(INVOKE_CHANNEL)
}

function describeSender(event: IpcMainInvokeEvent): SenderInfo {
  try {
    const frame = event.senderFrame
    return { webContentsId: event.sender.id, frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame.parent === null }
  } catch {
    // A frame disposed mid-call throws on access: it is no longer anyone we trust.
    return { webContentsId: -1, frameUrl: null, isMainFrame: false }
  }
}

/** Pushes one core event to our window only; a closed window simply misses it. */
export function sendEvent(win: BrowserWindow | null, name: string, payload: unknown): void {
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return
  win.webContents.send(EVENT_CHANNEL, name, payload)
}
