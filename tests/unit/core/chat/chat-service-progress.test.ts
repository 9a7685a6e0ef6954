import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../../shared/types/settings'
import { createChatService } from '../../../../electron/core/chat/chat-service'
import { EventBus } from '../../../../electron/core/events/event-bus'
import type { ResilientClient, RouteRequest, RouteResult } from '../../../../electron/core/llm/resilient-client'
import type { Attempt } from '../../../../shared/types/domain'
import { useStores } from '../store/store-fixture'

const { open } = useStores()

/** A provider route the test drives token by token; the stream ends only when the test says so. */
function scriptedClient() {
  let request: RouteRequest | null = null
  let end: (result: RouteResult) => void = () => {}
  const client = {
    stream(req: RouteRequest) {
      request = req
      return new Promise<RouteResult>((resolve) => (end = resolve))
    }
  } as unknown as ResilientClient
  const req = () => request ?? expect.fail('the service has not called the provider yet')
  return {
    client,
    text: (t: string) => req().onText(t),
    attempt: (a: Attempt) => req().onAttempt(a),
    complete(text: string) {
      const target = { provider: 'fake', model: 'm' }
      end({ outcome: 'complete', served: { target, tier: 0 }, text, usage: null, finishReason: 'stop', firstTokenMs: 1, latencyMs: 2, error: null, attempts: [] })
    }
  }
}

function setup() {
  const store = open()
  const provider = scriptedClient()
  const service = createChatService({
    store,
    events: new EventBus(),
    client: provider.client,
    settings: () => ({ ...DEFAULT_SETTINGS, routes: { test: ['ollama:m'] } }),
    listModels: async () => [],
    now: () => Date.now(),
    owner: { pid: 1, startedAt: 1 }
  })
  const saves = vi.spyOn(store.messages, 'saveProgress')
  return { store, provider, service, saves }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('chat service: saving the answer as it streams', () => {
  it('stores the text of a stream that stalls, after the interval and without another token', async () => {
    const { store, provider, service, saves } = setup()
    const sent = await service.send({ content: 'hi', route: 'test' })
    const stored = () => store.messages.get(sent.assistantMessageId)!.content

    // No text yet: the path to the first token commits nothing more.
    await vi.advanceTimersByTimeAsync(5_000)
    expect(saves).not.toHaveBeenCalled()

    // 14 tokens, then the stream stalls: what was shown is stored within the interval (250 ms).
    for (let i = 0; i < 14; i++) provider.text(`w${i} `)
    await vi.advanceTimersByTimeAsync(250)
    expect(stored()).toBe(Array.from({ length: 14 }, (_, i) => `w${i} `).join(''))

    // Still stalled: one save was enough.
    await vi.advanceTimersByTimeAsync(10_000)
    expect(saves).toHaveBeenCalledTimes(1)

    provider.complete('all of it')
    await service.settled(sent.assistantMessageId)
    expect(store.messages.get(sent.assistantMessageId)).toMatchObject({ status: 'complete', content: 'all of it' })
  })

  it('saves no more once the answer is finished', async () => {
    const { provider, service, saves } = setup()
    const sent = await service.send({ content: 'hi', route: 'test' })
    provider.text('quick')
    provider.complete('quick')
    await service.settled(sent.assistantMessageId)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(saves).not.toHaveBeenCalled()
  })

  it('clears the stored text when a broken try hands over to the next, and saves the new text on time', async () => {
    const { store, provider, service } = setup()
    const sent = await service.send({ content: 'hi', route: 'test' })
    const stored = () => store.messages.get(sent.assistantMessageId)!.content
    provider.text('broken ')
    await vi.advanceTimersByTimeAsync(250)
    expect(stored()).toBe('broken ')
    provider.attempt({ tier: 0, try: 1, provider: 'fake', model: 'm', outcome: 'stream-broken', httpStatus: 200, errorCode: null, message: 'reset', startedAt: 0, latencyMs: 5, firstTokenMs: 1, retryWaitMs: 0, partialText: 'broken ' })
    expect(stored()).toBe('')
    provider.text('fresh')
    await vi.advanceTimersByTimeAsync(250)
    expect(stored()).toBe('fresh')
    provider.complete('fresh')
    await service.settled(sent.assistantMessageId)
  })
})
