/** The renderer's own origin: a privileged custom scheme, so the page never runs from file://. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'workbench'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * "scheme://host[:port]" of a URL, or null when it cannot be parsed. Computed by hand because
 * WHATWG URL gives custom schemes such as app:// the opaque origin "null".
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (!parsed.host) return null
  return `${parsed.protocol}//${parsed.host}`.toLowerCase()
}

/** The origins our window may load: the app scheme, plus the Vite dev server in development. */
export function trustedOrigins(devServerUrl?: string): string[] {
  const origins = [APP_ORIGIN]
  const dev = devServerUrl ? originOf(devServerUrl) : null
  // Only a loopback http server counts as a dev server: an env var must not trust the internet.
  if (dev && /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(dev)) origins.push(dev)
  return origins
}

/** Whether a URL belongs to one of the trusted origins. */
export function isTrustedUrl(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url)
  return origin !== null && origins.includes(origin)
}

/** What an IPC handler knows about who called it, reduced to plain data. */
export interface SenderInfo {
  webContentsId: number
  /** The URL of event.senderFrame, or null when the frame is gone. */
  frameUrl: string | null
  /** Whether the sending frame is a top-level frame (no parent). */
  isMainFrame: boolean
}

/**
 * An IPC call is ours only if it comes from the main frame of our window, showing a page of our
 * origin: an iframe, another window, or a page that navigated away is refused.
 */
export function isTrustedSender(sender: SenderInfo, windowWebContentsId: number | null, origins: readonly string[]): boolean {
  return (
    windowWebContentsId !== null &&
    sender.webContentsId === windowWebContentsId &&
    sender.isMainFrame &&
    sender.frameUrl !== null &&
    isTrustedUrl(sender.frameUrl, origins)
  )
}

/**
 * The URL to hand to the system browser, or null if it must not be opened: only http(s), and
 * no embedded credentials, which exist mainly to disguise where a link goes.
 */
export function externalUrl(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
  if (parsed.username || parsed.password || !parsed.hostname) return null
  return parsed.href
}
