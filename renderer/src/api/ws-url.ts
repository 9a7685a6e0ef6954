const TOKEN_KEY = 'workbench.token'

/** The parts of the page the URL builder needs, passed in so tests need no browser. */
export interface PageEnv {
  location: Pick<Location, 'protocol' | 'host' | 'search' | 'pathname' | 'hash'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
  replaceUrl: (url: string) => void
}

/**
 * Reads the access token from `?token=` once, keeps it for the tab's session (a reload has no
 * query any more) and strips it from the address bar so it does not end up in history or
 * screenshots.
 */
export function takeToken(env: PageEnv): string | null {
  const params = new URLSearchParams(env.location.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    env.storage.setItem(TOKEN_KEY, fromUrl)
    params.delete('token')
    const query = params.toString()
    env.replaceUrl(`${env.location.pathname}${query ? `?${query}` : ''}${env.location.hash}`)
    return fromUrl
  }
  return env.storage.getItem(TOKEN_KEY)
}

/** The WebSocket address of the headless host that served this page. */
export function wsUrl(location: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const query = token ? `?token=${encodeURIComponent(token)}` : ''
  return `${scheme}://${location.host}/ws${query}`
}

/** The real page environment. */
export function browserPageEnv(): PageEnv {
  return {
    location: window.location,
    storage: window.sessionStorage,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url)
  }
}
