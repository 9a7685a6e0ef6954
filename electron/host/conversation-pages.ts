import { dispatch } from '../../shared/ipc/dispatch'
import { MAX_MESSAGE_PAGE_SIZE, type Conversation, type ConversationPage, type Message } from '../../shared/types/domain'
import type { Core } from '../core/core'
import { unwrap } from './cli-io'

/** Pages of a conversation from the newest back, as conversations.get hands them out; the first may be smaller. */
async function* pagesOf(core: Core, id: string, first: number): AsyncGenerator<ConversationPage> {
  let before: number | undefined
  for (let limit = first; ; limit = MAX_MESSAGE_PAGE_SIZE) {
    const page = unwrap<ConversationPage>(await dispatch(core.handlers, 'conversations.get', { id, limit, ...(before ? { before } : {}) }))
    yield page
    if (page.nextBefore === null) return
    before = page.nextBefore
  }
}

/** A whole conversation, oldest message first: `workbench show` prints all of it, however long. */
export async function wholeConversation(core: Core, id: string): Promise<{ conversation: Conversation; messages: Message[] }> {
  const pages: ConversationPage[] = []
  for await (const page of pagesOf(core, id, MAX_MESSAGE_PAGE_SIZE)) pages.push(page)
  return { conversation: pages[0]!.conversation, messages: pages.reverse().flatMap((p) => p.messages) }
}

/** One message, looked for from the newest back: an answer just sent is on the first, small page. */
export async function findMessage(core: Core, conversationId: string, messageId: string): Promise<Message | undefined> {
  for await (const page of pagesOf(core, conversationId, 8)) {
    const found = page.messages.find((m) => m.id === messageId)
    if (found) return found
  }
  return undefined
}
