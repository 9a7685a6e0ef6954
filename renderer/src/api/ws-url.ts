import { TOKEN_FRAGMENT_KEY } from '../../../shared/ipc/ws-session'

const TOKEN_KEY = 'workbench.token'

/** The parts of the page the URL builder needs, passed in so tests need no browser. */
export interface PageEnv {
  location: Pick<Location, 'protocol' | 'host' | 'search' | 'pathname' | 'hash'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
  replaceUrl: (url: string) => void
}

/**
 * Reads the access token from the fragment (`#token=...`, which browsers never send to a server)
 * once, and strips it from the address bar so it does not end up in history or screenshots.
 *
 * It is kept in sessionStorage so that a reload still works. That is safe where a cookie was not:
 * sessionStorage belongs to one origin, and an origin includes the port, so a page on another
 * port of 127.0.0.1 cannot read it and nothing sends it anywhere; it lives only as long as the
 * tab. Only our own scripts could read it, and they hold the token in memory anyway.
 */
export function takeToken(env: PageEnv): string | null {
  const fragment = new URLSearchParams(env.location.hash.replace(/^#/, ''))
  const fromUrl = fragment.get(TOKEN_FRAGMENT_KEY)
  if (fromUrl) {
    env.storage.setItem(TOKEN_KEY, fromUrl)
    fragment.delete(TOKEN_FRAGMENT_KEY)
    const rest = fragment.toString()
    env.replaceUrl(`${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`)
    return fromUrl
  }
  return env.storage.getItem(TOKEN_KEY)
}

/** The WebSocket address of the headless host that served this page; the token goes in the subprotocols, not here. */
export function wsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/ws`
}

/** The real page environment. */
export function browserPageEnv(): PageEnv {
  return {
    location: window.location,
    storage: window.sessionStorage,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url)
  }
}
