import { describe, expect, it, vi } from 'vitest'
import { createChatService } from '../../../../electron/core/chat/chat-service'
import { EventBus } from '../../../../electron/core/events/event-bus'
import type { ResilientClient, RouteRequest } from '../../../../electron/core/llm/resilient-client'
import { WorkbenchError } from '../../../../shared/errors'
import type { EventPayload } from '../../../../shared/ipc/contract'
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/types/settings'
import { useStores } from '../store/store-fixture'

const { open } = useStores()

/** A client whose stream throws, as a fault of the workbench (not a provider's answer) would. */
function throwingClient(err: unknown, textFirst: string[] = []): ResilientClient {
  return {
    async stream(req: RouteRequest) {
      for (const t of textFirst) req.onText(t)
      throw err
    }
  } as unknown as ResilientClient
}

function setup(client: ResilientClient, settings: Settings = { ...DEFAULT_SETTINGS, routes: { test: ['ollama:m'] } }) {
  const store = open()
  const events = new EventBus()
  const finished: Array<EventPayload<'chat.finished'>> = []
  events.on('chat.finished', (p) => finished.push(p))
  const service = createChatService({ store, events, client, settings: () => settings, listModels: async () => [], now: () => 5_000, owner: { pid: 1, startedAt: 1 } })
  return { store, service, finished }
}

describe('chat service: an answer never stays streaming', () => {
  it('ends as failed, with a sentence, when the route throws before any text', async () => {
    const { store, service, finished } = setup(throwingClient(new WorkbenchError('unknown_provider', 'No provider "gone" is configured. Add it in Settings.')))
    const sent = await service.send({ content: 'hi', route: 'test' })
    await service.settled(sent.assistantMessageId)
    expect(store.messages.get(sent.assistantMessageId)).toMatchObject({
      status: 'failed',
      error: { code: 'unknown_provider', message: 'No provider "gone" is configured. Add it in Settings.' }
    })
    expect(finished.map((f) => f.message.status)).toEqual(['failed'])
  })

  it('keeps the text already shown as partial when the route throws midway', async () => {
    const { store, service } = setup(throwingClient(new TypeError("Cannot read properties of undefined (reading 'limits')"), ['Hel', 'lo']))
    const sent = await service.send({ content: 'hi', route: 'test' })
    await service.settled(sent.assistantMessageId)
    const message = store.messages.get(sent.assistantMessageId)!
    expect(message).toMatchObject({ status: 'partial', content: 'Hello', error: { code: 'internal' } })
    expect(message.error!.message).toMatch(/^The answer stopped because of a fault in the workbench \(Cannot read properties/)
  })

  it('tells every client the answer ended even when its end cannot be stored', async () => {
    const { store, service, finished } = setup(throwingClient(new Error('boom')))
    vi.spyOn(store.messages, 'finish').mockImplementation(() => {
      throw new Error('SQLITE_FULL: database or disk is full')
    })
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const sent = await service.send({ content: 'hi', route: 'test' })
    await service.settled(sent.assistantMessageId)
    quiet.mockRestore()
    expect(finished).toHaveLength(1)
    expect(finished[0]!.message).toMatchObject({ id: sent.assistantMessageId, status: 'failed', error: { code: 'store_failed' } })
    expect(finished[0]!.message.error!.message).toContain('disk is full')
  })

  it('stores nothing for a model on a provider that does not exist', async () => {
    const { store, service } = setup(throwingClient(new Error('the provider must not be called')))
    await expect(service.send({ content: 'hi', model: 'nosuch:x' })).rejects.toMatchObject({ code: 'unknown_provider' })
    expect(store.conversations.list()).toEqual([])
  })
})
