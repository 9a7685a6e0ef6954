import type { Message } from '../../../shared/types/domain'

/**
 * The messages of one conversation as an ordered id list plus a lookup. A delta replaces one
 * message object and leaves `ids` alone, so only that message's row re-renders.
 */
export interface MessageMap {
  ids: string[]
  byId: Record<string, Message>
}

/** An empty conversation. */
export const emptyMap: MessageMap = { ids: [], byId: {} }

/** Builds the map from a conversation's messages in their stored order. */
export function fromList(messages: readonly Message[]): MessageMap {
  const byId: Record<string, Message> = {}
  for (const m of messages) byId[m.id] = m
  return { ids: messages.map((m) => m.id), byId }
}

/** Inserts a message, or replaces the one with its id (started/finished carry the whole message). */
export function upsert(map: MessageMap, message: Message): MessageMap {
  const exists = message.id in map.byId
  return {
    ids: exists ? map.ids : [...map.ids, message.id],
    byId: { ...map.byId, [message.id]: message }
  }
}

/**
 * Appends streamed text. A delta for a message not seen yet (its 'started' was missed, e.g.
 * during a reconnect) creates a streaming placeholder rather than losing the text.
 */
export function appendDelta(map: MessageMap, delta: { conversationId: string; messageId: string; text: string }, now: number): MessageMap {
  const current = map.byId[delta.messageId]
  if (current) {
    // A late delta after 'finished' would duplicate text the final message already holds.
    if (current.status !== 'streaming') return map
    return { ids: map.ids, byId: { ...map.byId, [current.id]: { ...current, content: current.content + delta.text } } }
  }
  return upsert(map, placeholder(delta.conversationId, delta.messageId, delta.text, now))
}

/** Gives a locally created message the id the core assigned to it. */
export function renameId(map: MessageMap, from: string, to: Message): MessageMap {
  if (!(from in map.byId)) return upsert(map, to)
  const byId = { ...map.byId }
  delete byId[from]
  byId[to.id] = to
  return { ids: map.ids.map((id) => (id === from ? to.id : id)), byId }
}

/**
 * Merges a freshly loaded conversation with what events already delivered: a message whose
 * 'finished' arrived while the load was in flight is newer than the loaded snapshot.
 */
export function mergeLoaded(loaded: readonly Message[], current: MessageMap): MessageMap {
  const next = fromList(loaded.map((m) => {
    const seen = current.byId[m.id]
    return seen && seen.status !== 'streaming' && m.status === 'streaming' ? seen : m
  }))
  let merged = next
  for (const id of current.ids) {
    const m = current.byId[id]
    if (m && !(id in next.byId) && !id.startsWith(LOCAL_PREFIX)) merged = upsert(merged, m)
  }
  return merged
}

/**
 * Puts an older page in front of the loaded window (scrolling up). A message already shown is
 * kept as it is: events may have updated it since the page was read.
 */
export function prependOlder(map: MessageMap, older: readonly Message[]): MessageMap {
  const fresh = older.filter((m) => !(m.id in map.byId))
  if (fresh.length === 0) return map
  const byId = { ...map.byId }
  for (const m of fresh) byId[m.id] = m
  return { ids: [...fresh.map((m) => m.id), ...map.ids], byId }
}

/**
 * Merges a re-read newest page into a window that may reach further back (a reload after a
 * reconnect). When the page joins up with the window, the older messages stay in front of it and
 * `keepsOlder` tells the caller its cursor for older pages still holds. When it does not (more
 * messages arrived meanwhile than a page holds), the window restarts at the page: older messages
 * go, newer ones that events delivered stay.
 */
export function mergeNewest(page: readonly Message[], current: MessageMap): { map: MessageMap; keepsOlder: boolean } {
  const first = page[0]
  const at = first ? current.ids.indexOf(first.id) : -1
  if (at > 0) {
    const older = current.ids.slice(0, at).map((id) => current.byId[id]!)
    return { map: prependOlder(mergeLoaded(page, { ids: current.ids.slice(at), byId: current.byId }), older), keepsOlder: true }
  }
  const kept = first ? current.ids.filter((id) => (current.byId[id]?.createdAt ?? 0) >= first.createdAt) : current.ids
  return { map: mergeLoaded(page, { ids: kept, byId: current.byId }), keepsOlder: false }
}

/** Ids of messages that exist only in this renderer until chat.send answers. */
export const LOCAL_PREFIX = 'local-'

/** A message built in the renderer: the user's own text before the core has stored it, or a placeholder. */
export function localMessage(fields: Pick<Message, 'id' | 'conversationId' | 'role' | 'content' | 'status'>, now: number): Message {
  return {
    ...fields,
    provider: null,
    model: null,
    createdAt: now,
    completedAt: null,
    firstTokenMs: null,
    latencyMs: null,
    usage: null,
    finishReason: null,
    error: null,
    tier: null,
    attempts: []
  }
}

/** A streaming assistant message for events whose 'started' was missed. */
export function placeholder(conversationId: string, id: string, text: string, now: number): Message {
  return localMessage({ id, conversationId, role: 'assistant', content: text, status: 'streaming' }, now)
}
