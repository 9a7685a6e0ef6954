import type { Message } from '../../../shared/types/domain'

/**
 * Whether a message is one of the turns sent to the model: everything the user said and every
 * answer that has text. Failed answers and empty stopped answers are left out so the model never
 * sees a hole.
 */
export function isSentTurn(m: Pick<Message, 'role' | 'status' | 'content'>): boolean {
  return m.role !== 'assistant' || (m.status !== 'failed' && m.status !== 'streaming' && m.content.length > 0)
}

/** A title from the first prompt: its first line, trimmed to a readable length. */
export function titleFrom(prompt: string): string {
  const line = prompt.trim().split('\n')[0]?.trim() ?? ''
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line || 'New conversation'
}
