import { isWorkbenchError, WorkbenchError } from '../../../shared/errors'
import type { RequestInput, RequestOutput } from '../../../shared/ipc/contract'
import type { ProviderModels } from '../../../shared/types/domain'
import type { Settings } from '../../../shared/types/settings'
import type { EventBus } from '../events/event-bus'
import type { Target } from '../llm/policies/policy'
import type { ResilientClient } from '../llm/resilient-client'
import type { ChatTurn } from '../llm/types'
import type { ProcessOwner, Store } from '../store/types'
import { titleFrom, toHistory } from './history'
import { resolveRoute } from './resolve-route'

export interface ChatServiceDeps {
  store: Store
  events: EventBus
  client: ResilientClient
  settings: () => Settings
  listModels: () => Promise<ProviderModels[]>
  now: () => number
  /** The process that streams: recovery in another process leaves its answers alone while it lives. */
  owner: ProcessOwner
  /** How often the text streamed so far is saved: a crash loses at most this much. */
  progressIntervalMs?: number
}

/**
 * Sends a prompt and streams the answer into the store. The user's message is committed before
 * any provider is called; the answer is saved as it grows, every try is recorded as it ends, and
 * the answer always ends complete, partial or failed. send() resolves as soon as both messages
 * exist; the answer arrives as events.
 */
export function createChatService(deps: ChatServiceDeps) {
  const { store, events, now } = deps
  const inFlight = new Map<string, { controller: AbortController; done: Promise<void>; conversationId: string }>()
  let closing = false

  async function send(input: RequestInput<'chat.send'>): Promise<RequestOutput<'chat.send'>> {
    if (closing) throw new WorkbenchError('shutting_down', 'The workbench is closing; send again after it restarts.', { retryable: true })
    if (input.idempotencyKey) {
      const earlier = store.messages.findTurn(input.idempotencyKey)
      if (earlier) return earlier
    }
    if (input.conversationId) {
      if (!store.conversations.get(input.conversationId)) throw new WorkbenchError('not_found', 'That conversation no longer exists.')
      if ([...inFlight.values()].some((f) => f.conversationId === input.conversationId)) {
        throw new WorkbenchError('busy', 'An answer is still streaming in this conversation. Stop it or wait for it to finish.', { retryable: true })
      }
    }
    const targets = await resolveRoute({ ...(input.model ? { model: input.model } : {}), ...(input.route ? { route: input.route } : {}) }, deps.settings(), deps.listModels)
    const first = targets[0]!

    const created = input.conversationId ? null : store.conversations.create(titleFrom(input.content), now()).id
    const conversationId = input.conversationId ?? created!
    let turn: ReturnType<Store['messages']['insertTurn']>
    try {
      turn = store.messages.insertTurn({
        conversationId,
        content: input.content,
        provider: first.provider,
        model: first.model,
        idempotencyKey: input.idempotencyKey ?? null,
        now: now(),
        owner: deps.owner
      })
    } catch (err) {
      // A double click raced us between findTurn and here: answer with the first send's ids.
      const earlier = input.idempotencyKey && isWorkbenchError(err) && err.code === 'duplicate_request' ? store.messages.findTurn(input.idempotencyKey) : null
      if (created) store.conversations.delete(created)
      if (earlier) return earlier
      throw err
    }
    const { user, assistant } = turn
    events.emit('conversations.changed', { conversationId })
    events.emit('chat.started', { conversationId, message: assistant })

    const controller = new AbortController()
    const history = toHistory(store.messages.listFor(conversationId).filter((m) => m.id !== assistant.id))
    const done = run(conversationId, assistant.id, targets, history, controller.signal)
      // Only the store can throw here (a full disk); the partial text was saved as it streamed.
      .catch((err: unknown) => console.error(`[chat] could not store the end of answer ${assistant.id}:`, err instanceof Error ? err.message : err))
      .finally(() => inFlight.delete(assistant.id))
    inFlight.set(assistant.id, { controller, done, conversationId })
    return { conversationId, userMessageId: user.id, assistantMessageId: assistant.id }
  }

  async function run(conversationId: string, messageId: string, targets: Target[], history: ChatTurn[], signal: AbortSignal): Promise<void> {
    const interval = deps.progressIntervalMs ?? 250
    let lastSave = now()
    let soFar = ''
    const answer = await deps.client.stream({
      targets,
      history,
      signal,
      priority: 'interactive',
      onText(text) {
        soFar += text
        events.emit('chat.delta', { conversationId, messageId, text })
        if (now() - lastSave >= interval) {
          lastSave = now()
          store.messages.saveProgress(messageId, soFar)
        }
      },
      onAttempt(attempt) {
        store.messages.recordAttempt(messageId, attempt)
        // Text of a broken try lives on its attempt now; the answer restarts from nothing.
        if (attempt.partialText !== null) {
          soFar = ''
          store.messages.saveProgress(messageId, '')
        }
        events.emit('chat.attempt', { conversationId, messageId, attempt })
      }
    })
    const message = store.messages.finish(messageId, {
      status: answer.outcome,
      content: answer.text,
      completedAt: now(),
      firstTokenMs: answer.firstTokenMs,
      latencyMs: answer.latencyMs,
      usage: answer.usage,
      finishReason: answer.finishReason,
      error: answer.error,
      provider: answer.served?.target.provider ?? null,
      model: answer.served?.target.model ?? null,
      tier: answer.served?.tier ?? null
    })
    // Free the conversation before telling anyone: a client may send again on 'finished'.
    inFlight.delete(messageId)
    events.emit('chat.finished', { conversationId, message })
    events.emit('conversations.changed', { conversationId })
  }

  return {
    send,
    stop(messageId: string): boolean {
      const flight = inFlight.get(messageId)
      flight?.controller.abort()
      return flight !== undefined
    },
    /** Resolves when the answer for this message has been stored (or at once if none is running). */
    settled: (messageId: string): Promise<void> => inFlight.get(messageId)?.done ?? Promise.resolve(),
    /** Stops every answer and waits until each is stored as partial. */
    async close(): Promise<void> {
      closing = true
      const flights = [...inFlight.values()]
      for (const f of flights) f.controller.abort()
      await Promise.allSettled(flights.map((f) => f.done))
    }
  }
}

export type ChatService = ReturnType<typeof createChatService>
