import { randomUUID } from 'node:crypto'
import { isWorkbenchError, WorkbenchError } from '../../../shared/errors'
import type { RequestInput, RequestOutput } from '../../../shared/ipc/contract'
import type { Settings } from '../../../shared/types/settings'
import type { EventBus } from '../events/event-bus'
import { targetKey, type Target } from '../llm/policies/policy'
import type { ResilientClient, RouteResult } from '../llm/resilient-client'
import type { ProcessOwner, Store } from '../store/types'
import { answerThatThrew, unstoredEnd } from './answer-failure'
import type { Attempt } from '../../../shared/types/domain'
import { titleFrom } from './history'
import { createHistoryCache } from './history-cache'
import { createProgressSaver, type ProgressTimer } from './progress-saver'
import { defaultModel, resolveRoute, type ListModels } from './resolve-route'

export interface ChatServiceDeps {
  store: Store
  events: EventBus
  client: ResilientClient
  settings: () => Settings
  listModels: ListModels
  now: () => number
  /** The process that streams: recovery in another process leaves its answers alone while it lives. */
  owner: ProcessOwner
  /** How long streamed text may stay unsaved, even if the stream stalls: a crash loses at most this much. */
  progressIntervalMs?: number
  /** Timers for those saves (fake ones in tests). */
  progressTimer?: ProgressTimer
}

/**
 * Sends a prompt and streams the answer into the store. The user's message is committed before
 * any provider is called; the answer is saved as it grows, every try is recorded as it ends, and
 * the answer always ends complete, partial or failed. send() resolves as soon as both messages
 * exist; the answer arrives as events.
 *
 * Commits, because they are most of the core's own cost: one before the first token (the turn,
 * with its conversation when new), one after the stream (the end, with the try that served it),
 * and between them only a failed try's attempt and the timed progress saves.
 */
export function createChatService(deps: ChatServiceDeps) {
  const { store, events, now } = deps
  const inFlight = new Map<string, { controller: AbortController; done: Promise<void>; conversationId: string }>()
  // Each send reads only the messages added since the last one (history-cache.ts says why that is safe).
  const history = createHistoryCache((conversationId, afterSeq) => store.messages.historyAfter(conversationId, afterSeq))
  let closing = false

  async function send(input: RequestInput<'chat.send'>): Promise<RequestOutput<'chat.send'>> {
    if (closing) throw new WorkbenchError('shutting_down', 'The workbench is closing; send again after it restarts.', { retryable: true })
    if (input.idempotencyKey) {
      const earlier = store.messages.findTurn(input.idempotencyKey)
      if (earlier) return earlier
    }
    if (input.conversationId) {
      if (!store.conversations.exists(input.conversationId)) throw new WorkbenchError('not_found', 'That conversation no longer exists.')
      if ([...inFlight.values()].some((f) => f.conversationId === input.conversationId)) {
        throw new WorkbenchError('busy', 'An answer is still streaming in this conversation. Stop it or wait for it to finish.', { retryable: true })
      }
    }
    const targets = await resolveRoute({ ...(input.model ? { model: input.model } : {}), ...(input.route ? { route: input.route } : {}) }, deps.settings(), deps.listModels)
    const first = targets[0]!

    // A new conversation is created in the turn's own commit: one commit before the provider is called.
    const conversationId = input.conversationId ?? randomUUID()
    let turn: ReturnType<Store['messages']['insertTurn']>
    try {
      turn = store.messages.insertTurn({
        conversationId,
        ...(input.conversationId ? {} : { newConversation: { title: titleFrom(input.content) } }),
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
      if (earlier) return earlier
      throw err
    }
    const { user, assistant } = turn
    events.emit('conversations.changed', { conversationId })
    events.emit('chat.started', { conversationId, message: assistant, targets: targets.map(targetKey) })

    const controller = new AbortController()
    const done = run(conversationId, assistant.id, targets, controller.signal)
      // Only the store can throw here (a full disk); the partial text was saved as it streamed.
      // Every client still hears that the answer ended, so none waits on it forever.
      .catch((err: unknown) => {
        console.error(`[chat] could not store the end of answer ${assistant.id}:`, err instanceof Error ? err.message : err)
        inFlight.delete(assistant.id)
        events.emit('chat.finished', { conversationId, message: unstoredEnd(assistant, err, now()) })
      })
      .finally(() => inFlight.delete(assistant.id))
    inFlight.set(assistant.id, { controller, done, conversationId })
    return { conversationId, userMessageId: user.id, assistantMessageId: assistant.id }
  }

  async function run(conversationId: string, messageId: string, targets: Target[], signal: AbortSignal): Promise<void> {
    const startedAt = now()
    const progress = createProgressSaver({
      save: (text) => store.messages.saveProgress(messageId, text),
      onError: (err) => console.error(`[chat] could not save the progress of answer ${messageId}:`, err instanceof Error ? err.message : err),
      ...(deps.progressIntervalMs !== undefined ? { intervalMs: deps.progressIntervalMs } : {}),
      ...(deps.progressTimer ? { timer: deps.progressTimer } : {})
    })
    // The try that served the answer is stored with its end, in finish()'s one commit; every other
    // try is stored as it ends, so a crash keeps the failures that came before.
    let served: Attempt | undefined
    let answer: RouteResult
    try {
      answer = await deps.client.stream({
        targets,
        history: history.turns(conversationId),
        signal,
        priority: 'interactive',
        onText(text) {
          // Emitted before it is saved: the first token never waits for a commit.
          events.emit('chat.delta', { conversationId, messageId, text })
          progress.append(text)
        },
        onAttempt(attempt) {
          if (attempt.outcome === 'ok') served = attempt
          else store.messages.recordAttempt(messageId, attempt)
          // Text of a broken try lives on its attempt now; the answer restarts from nothing.
          if (attempt.partialText !== null) progress.reset()
          events.emit('chat.attempt', { conversationId, messageId, attempt })
        }
      })
    } catch (err) {
      // Whatever throws before or around the provider call (a provider removed since the route
      // was resolved, unreadable settings, a bug) still ends the answer: it never stays 'streaming'.
      answer = answerThatThrew(err, progress.text(), now() - startedAt)
    }
    // A save still pending is dropped: finish() below stores the whole text.
    progress.dispose()
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
    }, served)
    // Free the conversation before telling anyone: a client may send again on 'finished'.
    inFlight.delete(messageId)
    events.emit('chat.finished', { conversationId, message })
    events.emit('conversations.changed', { conversationId })
  }

  return {
    send,
    /** The model a message with none picked goes to first (resolve-route.ts says the rule). */
    defaultModel: (): Promise<string | null> => defaultModel(deps.settings(), deps.listModels),
    stop(messageId: string): boolean {
      const flight = inFlight.get(messageId)
      flight?.controller.abort()
      return flight !== undefined
    },
    /** Stops every answer streaming in this conversation (the ones this process streams, as stop does). */
    stopConversation(conversationId: string): void {
      for (const f of inFlight.values()) if (f.conversationId === conversationId) f.controller.abort()
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
