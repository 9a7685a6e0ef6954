import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConnectionState } from '../api/connection'

/** One dismissible error shown in the banner area. */
export interface Notice {
  id: number
  message: string
}

/** Connection state and errors that are not tied to one screen. */
export interface NoticesState {
  connection: ConnectionState
  connectionDetail: string | null
  /** Whether the connection was ever open: before that, "connecting" is not news. */
  everOpen: boolean
  notices: Notice[]
  setConnection(state: ConnectionState, detail: string | null): void
  push(message: string): void
  dismiss(id: number): void
}

/** Creates the notices slice. */
export function createNoticesStore(initial: ConnectionState): StoreApi<NoticesState> {
  let nextId = 1
  return createStore<NoticesState>()((set) => ({
    connection: initial,
    connectionDetail: null,
    everOpen: initial === 'open',
    notices: [],
    setConnection: (connection, connectionDetail) =>
      set((s) => ({ connection, connectionDetail, everOpen: s.everOpen || connection === 'open' })),
    // Keep the last few: an error storm (host down) must not bury the screen.
    push: (message) => set((s) => ({ notices: [...s.notices.filter((n) => n.message !== message), { id: nextId++, message }].slice(-3) })),
    dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }))
  }))
}
