/**
 * How a client of `workbench serve` proves it holds the access token: as one of the WebSocket
 * subprotocols it offers, never as a cookie or in a URL. A browser sends cookies to every port
 * of 127.0.0.1 and URLs end up in history, logs and Referer headers; a subprotocol goes only on
 * the one handshake the page's own script opens.
 */

/** The protocol the server selects, so the token itself is never echoed back. */
export const WS_PROTOCOL = 'workbench.v1'

/** The offered protocol `workbench.token.<token>` carries the token (base64url is a valid protocol token). */
export const TOKEN_PROTOCOL_PREFIX = 'workbench.token.'

/** The subprotocols a client offers, in order. */
export function sessionProtocols(token: string): string[] {
  return [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]
}

/** The fragment of the printed URL that carries the token: `#token=...`, never sent to any server. */
export const TOKEN_FRAGMENT_KEY = 'token'
