import type { StoreApi } from 'zustand/vanilla'
import type { Client } from '../api/client'
import type { ConnectionSource } from '../api/connection'
import { createChatStore, type ChatState } from './chat'
import { createConversationsStore, type ConversationsState } from './conversations'
import { createModelsStore, type ModelsState } from './models'
import { createNoticesStore, type NoticesState } from './notices'
import { createSettingsStore, type SettingsState } from './settings'

/** Every slice, created together around one client. */
export interface Stores {
  client: Client
  chat: StoreApi<ChatState>
  conversations: StoreApi<ConversationsState>
  models: StoreApi<ModelsState>
  settings: StoreApi<SettingsState>
  notices: StoreApi<NoticesState>
}

/** Builds the slices and the links between them; nothing runs until start(). */
export function createStores(client: Client, connection: ConnectionSource): Stores {
  const conversations = createConversationsStore(client)
  const chat = createChatStore({ client, onConversationCreated: (id) => conversations.getState().select(id) })
  return {
    client,
    chat,
    conversations,
    models: createModelsStore(client),
    settings: createSettingsStore(client),
    notices: createNoticesStore(connection.getState())
  }
}

/**
 * The one place that subscribes to core events and keeps the slices in step: the sidebar's
 * selection opens a conversation, settings changes re-list models, a reconnect re-reads what
 * events may have been missed. Returns a function that undoes it all.
 */
export function startStores(stores: Stores, connection: ConnectionSource): () => void {
  const { client, chat, conversations, models, settings, notices } = stores
  const offs: Array<() => void> = [
    client.on('chat.started', (p) => chat.getState().onStarted(p)),
    client.on('chat.delta', (p) => chat.getState().onDelta(p)),
    client.on('chat.finished', (p) => chat.getState().onFinished(p)),
    client.on('conversations.changed', () => void conversations.getState().refresh()),

    conversations.subscribe((s, prev) => {
      if (s.selectedId !== prev.selectedId) void chat.getState().open(s.selectedId)
    }),
    settings.subscribe((s, prev) => {
      if (!s.view || s.view === prev.view) return
      models.getState().setDefaultModel(s.view.settings.defaultModel)
      // The first load changes nothing the model list depends on; later ones may (keys, URLs, toggles).
      if (prev.view) void models.getState().refresh(true)
    }),
    chat.subscribe((s, prev) => {
      if (s.error && s.error !== prev.error) notices.getState().push(s.error)
    }),
    conversations.subscribe((s, prev) => {
      if (s.error && s.error !== prev.error) notices.getState().push(s.error)
    }),
    connection.subscribe((state, detail) => {
      const wasOpen = notices.getState().everOpen
      notices.getState().setConnection(state, detail)
      if (state === 'open' && wasOpen) resync()
    })
  ]

  function resync(): void {
    void conversations.getState().refresh()
    void chat.getState().reload()
    void models.getState().refresh()
    void settings.getState().load()
  }

  resync()
  return () => offs.forEach((off) => off())
}
