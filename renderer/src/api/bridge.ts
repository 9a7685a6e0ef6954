import type { Bridge } from '../../../shared/ipc/bridge'
import { sessionProtocols } from '../../../shared/ipc/ws-session'
import { alwaysOpen, type ConnectionSource } from './connection'
import { createWsBridge } from './ws-bridge'
import { browserPageEnv, takeToken, wsUrl } from './ws-url'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    workbench?: Bridge
  }
}

/** A transport plus what the UI may show about it. */
export interface Transport {
  bridge: Bridge
  connection: ConnectionSource
  kind: 'electron' | 'websocket'
}

/**
 * Inside Electron the preload's bridge; in a browser served by `workbench serve`, a WebSocket
 * back to the host that served the page.
 */
export function pickTransport(): Transport {
  const exposed = window.workbench
  if (exposed && typeof exposed.invoke === 'function' && typeof exposed.on === 'function') {
    return { bridge: exposed, connection: alwaysOpen, kind: 'electron' }
  }
  const token = takeToken(browserPageEnv())
  // Without a token the host refuses the handshake; the banner then says how to get one.
  const ws = token
    ? createWsBridge({ url: wsUrl(window.location), protocols: sessionProtocols(token) })
    : createWsBridge({ url: wsUrl(window.location), closedDetail: 'no access token: open the URL that `workbench serve` printed' })
  return { bridge: ws, connection: ws, kind: 'websocket' }
}
