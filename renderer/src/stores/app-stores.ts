import type { StoreApi } from 'zustand/vanilla'
import type { Client } from '../api/client'
import type { ConnectionSource } from '../api/connection'
import { createChatStore, type ChatState } from './chat'
import { createConversationsStore, type ConversationsState } from './conversations'
import { pickableRoutes } from '../features/routes/route-edits'
import { createHealthStore, type HealthState } from './health'
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
  health: StoreApi<HealthState>
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
    notices: createNoticesStore(connection.getState()),
    health: createHealthStore(client)
  }
}

/**
 * The one place that subscribes to core events and keeps the slices in step: the sidebar's
 * selection opens a conversation, settings changes re-list models, a reconnect re-reads what
 * events may have been missed. Returns a function that undoes it all.
 */
export function startStores(stores: Stores, connection: ConnectionSource): () => void {
  const { client, chat, conversations, models, settings, notices, health } = stores
  const offs: Array<() => void> = [
    client.on('chat.started', (p) => chat.getState().onStarted(p)),
    client.on('chat.delta', (p) => chat.getState().onDelta(p)),
    client.on('chat.attempt', (p) => chat.getState().onAttempt(p)),
    client.on('chat.finished', (p) => {
      chat.getState().onFinished(p)
      health.getState().onAnswerFinished()
    }),
    client.on('conversations.changed', () => void conversations.getState().refresh()),

    conversations.subscribe((s, prev) => {
      if (s.selectedId !== prev.selectedId) void chat.getState().open(s.selectedId)
    }),
    settings.subscribe((s, prev) => {
      if (!s.view || s.view === prev.view) return
      // A route deleted or emptied in settings (here or in another window) cannot stay picked.
      const route = models.getState().route
      if (route && !pickableRoutes(s.view.settings.routes).includes(route)) models.getState().selectRoute('')
      // The first load changes nothing the model list depends on; later ones may (keys, URLs,
      // toggles), and may change the default model, which refresh() asks the core for again.
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
