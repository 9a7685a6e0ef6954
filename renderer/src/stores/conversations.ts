import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConversationListItem } from '../../../shared/types/domain'
import { errorMessage, type Client } from '../api/client'

/** The sidebar: conversations matching the search, and which one is open. */
export interface ConversationsState {
  /** With a query, each says what matched (`match`). */
  items: ConversationListItem[]
  query: string
  selectedId: string | null
  loaded: boolean
  error: string | null
  refresh(): Promise<void>
  setQuery(query: string): Promise<void>
  select(id: string | null): void
  create(): Promise<void>
  rename(id: string, title: string): Promise<boolean>
  remove(id: string): Promise<boolean>
}

/** Creates the conversations slice. */
export function createConversationsStore(client: Client): StoreApi<ConversationsState> {
  // Typing in the search box fires overlapping lists; only the newest answer may land.
  let seq = 0

  return createStore<ConversationsState>()((set, get) => ({
    items: [],
    query: '',
    selectedId: null,
    loaded: false,
    error: null,

    async refresh() {
      const mine = ++seq
      const query = get().query.trim()
      try {
        const items = await client.invoke('conversations.list', query ? { query } : {})
        if (mine === seq) set({ items, loaded: true, error: null })
      } catch (err) {
        if (mine === seq) set({ error: errorMessage(err), loaded: true })
      }
    },

    async setQuery(query) {
      set({ query })
      await get().refresh()
    },

    select(id) {
      set({ selectedId: id })
    },

    async create() {
      try {
        const created = await client.invoke('conversations.create', {})
        set((s) => ({ items: [created, ...s.items.filter((c) => c.id !== created.id)], selectedId: created.id, error: null }))
        await get().refresh()
      } catch (err) {
        set({ error: errorMessage(err) })
      }
    },

    async rename(id, title) {
      const trimmed = title.trim()
      if (!trimmed) return false
      try {
        const renamed = await client.invoke('conversations.rename', { id, title: trimmed })
        set((s) => ({ items: s.items.map((c) => (c.id === id ? renamed : c)), error: null }))
        return true
      } catch (err) {
        set({ error: errorMessage(err) })
        return false
      }
    },

    async remove(id) {
      try {
        await client.invoke('conversations.delete', { id })
        set((s) => ({
          items: s.items.filter((c) => c.id !== id),
          selectedId: s.selectedId === id ? null : s.selectedId,
          error: null
        }))
        return true
      } catch (err) {
        set({ error: errorMessage(err) })
        return false
      }
    }
  }))
}
