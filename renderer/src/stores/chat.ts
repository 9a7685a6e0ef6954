import { createStore, type StoreApi } from 'zustand/vanilla'
import type { EventPayload } from '../../../shared/ipc/contract'
import type { ErrorData } from '../../../shared/types/domain'
import { errorMessage, type Client } from '../api/client'
import { newId } from '../lib/ids'
import { applyAttempt } from './attempt-events'
import { appendDelta, emptyMap, LOCAL_PREFIX, localMessage, mergeLoaded, renameId, upsert, type MessageMap } from './message-map'

/** The open conversation's messages and the actions on them. */
export interface ChatState extends MessageMap {
  /** null: a fresh chat whose conversation the first send will create. */
  conversationId: string | null
  loading: boolean
  sending: boolean
  error: string | null
  /** Per assistant message, the targets the renderer expects its route to try (for "trying anthropic…"). */
  plans: Record<string, string[]>
  open(conversationId: string | null): Promise<void>
  /** Re-reads the open conversation (after a reconnect, events may have been missed). */
  reload(): Promise<void>
  /** Resolves false when the core refused the message; the text is then still on screen, marked failed. */
  send(content: string, model: string | null, options?: SendOptions): Promise<boolean>
  stop(): Promise<void>
  onStarted(p: EventPayload<'chat.started'>): void
  onDelta(p: EventPayload<'chat.delta'>): void
  onAttempt(p: EventPayload<'chat.attempt'>): void
  onFinished(p: EventPayload<'chat.finished'>): void
}

/** Where a message goes besides its model: a named route, and the targets that route should try. */
export interface SendOptions {
  /** A named route; omitted or '' for the default. */
  route?: string
  plan?: string[]
}

/** What the chat store needs from outside. */
export interface ChatDeps {
  client: Client
  /** Told when a send created a conversation, so the sidebar can select it. */
  onConversationCreated?: (conversationId: string) => void
  now?: () => number
}

type ChatEvent =
  | { kind: 'started' | 'finished'; p: EventPayload<'chat.started'> }
  | { kind: 'delta'; p: EventPayload<'chat.delta'> }
  | { kind: 'attempt'; p: EventPayload<'chat.attempt'> }

/** Creates the chat slice. */
export function createChatStore({ client, onConversationCreated, now = Date.now }: ChatDeps): StoreApi<ChatState> {
  // Events for a conversation that a pending send is creating arrive before chat.send answers
  // with its id; they wait here and are replayed once the id is known.
  let early: ChatEvent[] = []
  let awaitingNew = 0
  let loadSeq = 0

  return createStore<ChatState>()((set, get) => {
    function apply(event: ChatEvent): void {
      const s = get()
      if (event.p.conversationId !== s.conversationId) {
        if (awaitingNew > 0 && early.length < 5000) early.push(event)
        return
      }
      const map: MessageMap = { ids: s.ids, byId: s.byId }
      const next =
        event.kind === 'delta'
          ? appendDelta(map, event.p, now())
          : event.kind === 'attempt'
            ? applyAttempt(map, event.p, now())
            : upsert(map, event.p.message)
      if (next !== map) set(next)
    }

    async function load(conversationId: string): Promise<void> {
      const seq = ++loadSeq
      set({ loading: true, error: null })
      try {
        const detail = await client.invoke('conversations.get', { id: conversationId })
        if (seq !== loadSeq || get().conversationId !== conversationId) return
        set({ ...mergeLoaded(detail.messages, get()), loading: false })
      } catch (err) {
        if (seq === loadSeq) set({ loading: false, error: errorMessage(err) })
      }
    }

    return {
      ...emptyMap,
      conversationId: null,
      loading: false,
      sending: false,
      error: null,
      plans: {},

      async open(conversationId) {
        if (conversationId === get().conversationId) return
        set({ ...emptyMap, conversationId, error: null, loading: false })
        if (conversationId) await load(conversationId)
      },

      async reload() {
        const id = get().conversationId
        if (id) await load(id)
      },

      async send(content, model, options = {}) {
        const from = get().conversationId
        const localId = `${LOCAL_PREFIX}${newId()}`
        const mine = localMessage({ id: localId, conversationId: from ?? '', role: 'user', content, status: 'complete' }, now())
        set({ ...upsert(get(), mine), sending: true, error: null })
        if (from === null) awaitingNew++
        try {
          const sent = await client.invoke('chat.send', {
            ...(from ? { conversationId: from } : {}),
            content,
            ...(model ? { model } : {}),
            ...(options.route ? { route: options.route } : {}),
            idempotencyKey: newId()
          })
          if (options.plan) set((s) => ({ plans: { ...s.plans, [sent.assistantMessageId]: options.plan! } }))
          if (get().conversationId !== from) return true // the user moved on; the sidebar shows the result
          const stored = { ...mine, id: sent.userMessageId, conversationId: sent.conversationId }
          set({ ...renameId(get(), localId, stored), conversationId: sent.conversationId, sending: false })
          if (from === null) {
            const replay = early.filter((e) => e.p.conversationId === sent.conversationId)
            early = early.filter((e) => e.p.conversationId !== sent.conversationId)
            for (const e of replay) apply(e)
            onConversationCreated?.(sent.conversationId)
          }
          return true
        } catch (err) {
          if (get().byId[localId]) {
            set({ ...upsert(get(), { ...mine, status: 'failed', error: asErrorData(err) }) })
          }
          set({ sending: false, error: errorMessage(err) })
          return false
        } finally {
          if (from === null && --awaitingNew === 0) early = []
        }
      },

      async stop() {
        const streaming = get().ids.filter((id) => get().byId[id]?.status === 'streaming' && !id.startsWith(LOCAL_PREFIX))
        for (const messageId of streaming) {
          try {
            const { stopped } = await client.invoke('chat.stop', { messageId })
            // Nothing was running any more (the core restarted, or it had just finished): read the truth.
            if (!stopped) await get().reload()
          } catch (err) {
            set({ error: errorMessage(err) })
          }
        }
      },

      onStarted: (p) => apply({ kind: 'started', p }),
      onDelta: (p) => apply({ kind: 'delta', p }),
      onAttempt: (p) => apply({ kind: 'attempt', p }),
      onFinished: (p) => apply({ kind: 'finished', p })
    }
  })
}

/** Whether any message in the open conversation is still streaming. */
export function selectIsStreaming(s: ChatState): boolean {
  return s.ids.some((id) => s.byId[id]?.status === 'streaming')
}

function asErrorData(err: unknown): ErrorData {
  const e = err as Partial<ErrorData>
  return { code: typeof e.code === 'string' ? e.code : 'internal', message: errorMessage(err), retryable: e.retryable === true }
}
