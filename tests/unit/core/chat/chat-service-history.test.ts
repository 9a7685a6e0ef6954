import { describe, expect, it, vi } from 'vitest'
import { createChatService } from '../../../../electron/core/chat/chat-service'
import { EventBus } from '../../../../electron/core/events/event-bus'
import type { ResilientClient, RouteRequest, RouteResult } from '../../../../electron/core/llm/resilient-client'
import type { ChatTurn } from '../../../../electron/core/llm/types'
import { DEFAULT_SETTINGS } from '../../../../shared/types/settings'
import { useStores } from '../store/store-fixture'

const { open } = useStores()

/** A client that answers every prompt with "re: <prompt>" and remembers the history it was sent. */
function echoClient(sent: ChatTurn[][]): ResilientClient {
  return {
    async stream(req: RouteRequest): Promise<RouteResult> {
      sent.push(req.history)
      const text = `re: ${req.history.at(-1)!.content}`
      req.onText(text)
      return { outcome: 'complete', served: { target: req.targets[0]!, tier: 0 }, text, usage: null, finishReason: 'stop', firstTokenMs: 1, latencyMs: 1, error: null, attempts: [] }
    }
  } as unknown as ResilientClient
}

describe('chat service: what a send reads', () => {
  it('sends the whole conversation but reads only the messages added since the previous send, never their attempts', async () => {
    const store = open()
    const sent: ChatTurn[][] = []
    const service = createChatService({
      store,
      events: new EventBus(),
      client: echoClient(sent),
      settings: () => ({ ...DEFAULT_SETTINGS, routes: { test: ['ollama:m'] } }),
      listModels: async () => [],
      now: () => 1,
      owner: { pid: 1, startedAt: 1 }
    })
    const listFor = vi.spyOn(store.messages, 'listFor')
    const historyAfter = vi.spyOn(store.messages, 'historyAfter')

    const first = await service.send({ content: 'one', route: 'test' })
    await service.settled(first.assistantMessageId)
    for (const content of ['two', 'three']) {
      const next = await service.send({ content, route: 'test', conversationId: first.conversationId })
      await service.settled(next.assistantMessageId)
    }

    expect(sent.at(-1)).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 're: one' },
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 're: two' },
      { role: 'user', content: 'three' }
    ])
    expect(listFor).not.toHaveBeenCalled()
    // From the start, then from after the last message that was settled when it was read.
    expect(historyAfter.mock.calls.map((c) => c[1])).toEqual([0, 1, 3])
  })
})
