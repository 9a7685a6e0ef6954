import { createStore, type StoreApi } from 'zustand/vanilla'
import type { EventPayload } from '../../../shared/ipc/contract'
import type { ErrorData } from '../../../shared/types/domain'
import { errorMessage, type Client } from '../api/client'
import { newId } from '../lib/ids'
import { applyAttempt } from './attempt-events'
import { appendDelta, emptyMap, LOCAL_PREFIX, localMessage, mergeNewest, prependOlder, renameId, upsert, type MessageMap } from './message-map'

/**
 * The open conversation's loaded window of messages and the actions on them. Opening reads the
 * newest page; scrolling up prepends older pages (loadOlder); events extend the newest end.
 */
export interface ChatState extends MessageMap {
  /** null: a fresh chat whose conversation the first send will create. */
  conversationId: string | null
  loading: boolean
  /** Older messages exist beyond the window; `olderBefore` is the cursor that reads the page before it. */
  hasOlder: boolean
  olderBefore: number | null
  loadingOlder: boolean
  sending: boolean
  error: string | null
  /** Per assistant message, the route the core resolved for it (from chat.started), for "trying anthropic…". */
  plans: Record<string, string[]>
  open(conversationId: string | null): Promise<void>
  /** Re-reads the newest page of the open conversation (after a reconnect, events may have been missed). */
  reload(): Promise<void>
  /** Prepends the page before the window; one at a time, and a no-op when there is none. */
  loadOlder(): Promise<void>
  /** Resolves false when the core refused the message; the text is then still on screen, marked failed. */
  send(content: string, model: string | null, options?: SendOptions): Promise<boolean>
  stop(): Promise<void>
  onStarted(p: EventPayload<'chat.started'>): void
  onDelta(p: EventPayload<'chat.delta'>): void
  onAttempt(p: EventPayload<'chat.attempt'>): void
  onFinished(p: EventPayload<'chat.finished'>): void
}

/** Where a message goes besides its model: a named route. */
export interface SendOptions {
  /** A named route; omitted or '' for the default. */
  route?: string
}

/** What the chat store needs from outside. */
export interface ChatDeps {
  client: Client
  /** Told when a send created a conversation, so the sidebar can select it. */
  onConversationCreated?: (conversationId: string) => void
  now?: () => number
}

type ChatEvent =
  | { kind: 'started' | 'finished'; p: EventPayload<'chat.finished'> }
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
        const page = await client.invoke('conversations.get', { id: conversationId })
        if (seq !== loadSeq || get().conversationId !== conversationId) return
        const s = get()
        const { map, keepsOlder } = mergeNewest(page.messages, s)
        const older = keepsOlder ? { hasOlder: s.hasOlder, olderBefore: s.olderBefore } : { hasOlder: page.hasMore, olderBefore: page.nextBefore }
        set({ ...map, ...older, loading: false, loadingOlder: false })
      } catch (err) {
        if (seq === loadSeq) set({ loading: false, loadingOlder: false, error: errorMessage(err) })
      }
    }

    return {
      ...emptyMap,
      conversationId: null,
      loading: false,
      hasOlder: false,
      olderBefore: null,
      loadingOlder: false,
      sending: false,
      error: null,
      plans: {},

      async open(conversationId) {
        if (conversationId === get().conversationId) return
        set({ ...emptyMap, conversationId, error: null, loading: false, hasOlder: false, olderBefore: null, loadingOlder: false })
        if (conversationId) await load(conversationId)
      },

      async reload() {
        const id = get().conversationId
        if (id) await load(id)
      },

      async loadOlder() {
        const { conversationId, olderBefore, loadingOlder } = get()
        if (!conversationId || olderBefore === null || loadingOlder) return
        // A reload or another conversation in the meantime makes this page stale.
        const seq = loadSeq
        set({ loadingOlder: true })
        try {
          const page = await client.invoke('conversations.get', { id: conversationId, before: olderBefore })
          if (seq !== loadSeq || get().conversationId !== conversationId) return
          set({ ...prependOlder(get(), page.messages), hasOlder: page.hasMore, olderBefore: page.nextBefore, loadingOlder: false })
        } catch (err) {
          if (seq === loadSeq) set({ loadingOlder: false, error: errorMessage(err) })
        }
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

      onStarted: (p) => {
        // Kept by message id whatever conversation is open: the answer may be shown later.
        set((s) => ({ plans: { ...s.plans, [p.message.id]: p.targets } }))
        apply({ kind: 'started', p })
      },
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
