import { type BrowserWindow, dialog } from 'electron'
import { isConfirmRequest, type ConfirmReply } from '../core/keys/confirm-port'
import type { KeyHostQuestion } from '../core/keys/key-service'
import type { CoreChild } from './core-client'

/**
 * Answers the core process's "may this key go to a new server?" with a native dialog. The page
 * cannot draw, click or dismiss it for the user, which is the point: whoever changed the base URL
 * through the page must not be the one who approves it. Only the core child can ask.
 */
export function relayKeyHostQuestions(child: Pick<CoreChild, 'onMessage' | 'postMessage'>, window: () => BrowserWindow | null): void {
  child.onMessage((message) => {
    if (!isConfirmRequest(message)) return
    void askUser(message.question, window()).then((yes) => {
      const reply: ConfirmReply = { type: 'confirm-key-host-result', id: message.id, yes }
      try {
        child.postMessage(reply)
      } catch {
        // The child exited while the dialog was open; its successor asks again.
      }
    })
  })
}

async function askUser(q: KeyHostQuestion, win: BrowserWindow | null): Promise<boolean> {
  const options: Electron.MessageBoxOptions = {
    type: 'warning',
    title: 'Send an API key to a new server?',
    // The provider id, never its label: a label is free text that whoever changed the settings chose.
    message: `Send the "${q.provider}" API key to ${q.sendsTo}?`,
    detail:
      `This key was saved for ${q.savedFor ?? 'no particular server'}. The base URL now points at ${q.sendsTo}, and that server ` +
      'will receive the key with every request.\n\nSay yes only if you changed the base URL yourself and trust that server. ' +
      'Anyone who can change your settings (for example with the access URL of `workbench serve`) can change a base URL.',
    buttons: ['Keep the key where it was', `Send it to ${q.sendsTo}`],
    defaultId: 0,
    cancelId: 0,
    noLink: true
  }
  const { response } = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options)
  return response === 1
}
