import type { EventPayload } from '../../../shared/ipc/contract'
import type { Attempt } from '../../../shared/types/domain'
import { placeholder, upsert, type MessageMap } from './message-map'

/**
 * Applies chat.attempt: the try joins the message's attempts. When it broke after text arrived,
 * that text now belongs to the attempt (shown apart) and the live answer starts empty again for
 * the next target – two models' words are never spliced into one answer.
 */
export function applyAttempt(map: MessageMap, p: EventPayload<'chat.attempt'>, now: number): MessageMap {
  const current = map.byId[p.messageId] ?? placeholder(p.conversationId, p.messageId, '', now)
  // The final message from 'finished' already holds every attempt.
  if (current.status !== 'streaming') return map
  if (current.attempts.some((a) => sameTry(a, p.attempt))) return map
  return upsert(map, {
    ...current,
    attempts: [...current.attempts, p.attempt],
    content: p.attempt.partialText === null ? current.content : withoutPrefix(current.content, p.attempt.partialText)
  })
}

function sameTry(a: Attempt, b: Attempt): boolean {
  return a.tier === b.tier && a.try === b.try
}

/**
 * Deltas are flushed before any other event, so the live text normally equals the partial text
 * exactly; should anything of the next target already be there, it stays.
 */
function withoutPrefix(content: string, partial: string): string {
  return content.startsWith(partial) ? content.slice(partial.length) : ''
}
