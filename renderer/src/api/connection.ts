/** Where the renderer stands with its transport. Electron's preload is always 'open'. */
export type ConnectionState = 'connecting' | 'open' | 'closed'

/** A readable, observable connection state, so the UI can show a banner without knowing the transport. */
export interface ConnectionSource {
  getState(): ConnectionState
  /** Called with every change; returns an unsubscribe function. */
  subscribe(listener: (state: ConnectionState, detail: string | null) => void): () => void
}

/** The connection of a transport that cannot drop (Electron IPC). */
export const alwaysOpen: ConnectionSource = {
  getState: () => 'open',
  subscribe: () => () => {}
}
