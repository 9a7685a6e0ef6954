import { type App, type Session, shell, type WebContents } from 'electron'
import { withContentSecurityPolicy } from './security/content-security-policy'
import { externalUrl, isTrustedUrl } from './security/trusted-origins'

/**
 * Session-wide defaults: our CSP on every response (app:// sets it itself; this covers the dev
 * server and anything else), and every permission (camera, notifications, ...) denied.
 */
export function hardenSession(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, csp) })
  })
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/**
 * Every web contents the app ever creates stays on our origin: navigation elsewhere, webviews
 * and new windows are refused, and http(s) links open in the user's browser instead.
 */
export function hardenWebContents(app: App, origins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (isTrustedUrl(url, origins)) return
      event.preventDefault()
      openExternally(url)
    })
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedUrl(url, origins)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url)
      return { action: 'deny' }
    })
  })
}

function openExternally(url: string): void {
  const safe = externalUrl(url)
  if (!safe) {
    console.error(`[security] refused to open ${url.slice(0, 200)}`)
    return
  }
  shell.openExternal(safe).catch((err: unknown) => console.error('[security] could not open the browser:', err))
}
