import { fork } from 'node:child_process'
import { resolve } from 'node:path'
import { createOpenAI } from '@ai-sdk/openai'
import { streamText } from 'ai'
import OpenAI from 'openai'
import { createCore, type Core } from '../../../electron/core/core'
import { MemorySecretStore } from '../../../electron/core/secrets/secret-store'
import { createCoreClient } from '../../../electron/main/core-client'
import { dispatch } from '../../../shared/ipc/dispatch'
import type { Result } from '../../../shared/ipc/contract'
import { startServeProcess, type ServeProcess } from '../../e2e/support/serve-process'
import { connectServe, type ServeSocket } from '../../support/serve-socket'
import type { Figures } from '../interleave'

/** One way of sending a prompt and streaming the answer; figures are ms from the call to the first token and to the end. */
export interface Door {
  send(content: string, extra?: Record<string, unknown>): Promise<Figures>
  close(): Promise<void>
}

const CORE_ENTRY = resolve(__dirname, '../../../out/main/core-process.js')
export const BENCH_KEY = 'sk-bench-0123456789abcdef'
export const ROUTE = 'bench'

/** The environment every door's core gets: only the fake OpenAI, Ollama pointing nowhere. */
export const benchEnv = (baseUrl: string): Record<string, string> => ({ OPENAI_API_KEY: BENCH_KEY, OPENAI_BASE_URL: baseUrl, OLLAMA_HOST: 'http://127.0.0.1:9' })

type Invoke = (channel: string, payload: unknown) => Promise<Result<unknown>>

/**
 * Times one send through a door that reports by events. Only one send runs at a time per door, so
 * the first chat.delta after the call is this answer's first token, whether it comes before or
 * after chat.send's own reply.
 */
function eventTimer(invoke: Invoke) {
  let active: { start: number; ttft: number; done: (f: Figures) => void } | null = null
  const onEvent = (name: string): void => {
    if (!active) return
    if (name === 'chat.delta' && active.ttft < 0) active.ttft = performance.now() - active.start
    if (name === 'chat.finished') {
      const a = active
      active = null
      a.done({ ttft: a.ttft, total: performance.now() - a.start })
    }
  }
  const send = async (content: string, extra: Record<string, unknown> = {}): Promise<Figures> => {
    const finished = new Promise<Figures>((done) => (active = { start: performance.now(), ttft: -1, done }))
    const sent = await invoke('chat.send', { content, route: ROUTE, ...extra })
    if (!sent.ok) throw new Error(sent.error.message)
    return finished
  }
  return { onEvent, send }
}

/** The baseline: the official SDK alone. `history` lets a bench send the same body the core would. */
export function bareSdkDoor(baseUrl: string, history: () => Array<{ role: 'user' | 'assistant'; content: string }> = () => []): Door {
  const sdk = new OpenAI({ apiKey: BENCH_KEY, baseURL: baseUrl, maxRetries: 0 })
  return {
    async send(content) {
      const start = performance.now()
      let ttft = -1
      const stream = await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages: [...history(), { role: 'user', content }], stream: true, stream_options: { include_usage: true } })
      for await (const chunk of stream) if (ttft < 0 && chunk.choices[0]?.delta?.content) ttft = performance.now() - start
      return { ttft, total: performance.now() - start }
    },
    close: async () => {}
  }
}

/** Vercel's AI SDK (`ai` + `@ai-sdk/openai`), the in-process peer people would otherwise use. */
export function aiSdkDoor(baseUrl: string): Door {
  const model = createOpenAI({ apiKey: BENCH_KEY, baseURL: baseUrl }).chat('gpt-4o-mini')
  return {
    async send(content) {
      const start = performance.now()
      let ttft = -1
      const result = streamText({ model, prompt: content, maxRetries: 0 })
      for await (const text of result.textStream) if (ttft < 0 && text) ttft = performance.now() - start
      return { ttft, total: performance.now() - start }
    },
    close: async () => {}
  }
}

/** The core in this process: contract, store, route, every policy. */
export async function inProcessDoor(home: string, baseUrl: string): Promise<Door & { core: Core }> {
  const core = createCore({ home, env: benchEnv(baseUrl), secrets: new MemorySecretStore(), resilience: { offline: { osOffline: () => false } } })
  const invoke: Invoke = (c, p) => dispatch(core.handlers, c, p)
  const timer = eventTimer(invoke)
  core.events.on('chat.delta', () => timer.onEvent('chat.delta'))
  core.events.on('chat.finished', () => timer.onEvent('chat.finished'))
  await invoke('settings.set', { key: `routes.${ROUTE}`, value: ['openai:gpt-4o-mini'] })
  return { core, send: timer.send, close: () => core.close() }
}

/** The real `workbench serve` (from out/), spoken to over its WebSocket by a client on loopback. */
export async function serveDoor(home: string, baseUrl: string): Promise<Door> {
  const serve: ServeProcess = await startServeProcess({ WORKBENCH_HOME: home, ...benchEnv(baseUrl) })
  const socket: ServeSocket = await connectServe(serve.url)
  const timer = eventTimer((c, p) => socket.request(c, p))
  socket.onEvent((name) => timer.onEvent(name))
  await socket.request('settings.set', { key: `routes.${ROUTE}`, value: ['openai:gpt-4o-mini'] })
  return {
    send: timer.send,
    async close() {
      socket.close()
      await serve.stop()
    }
  }
}

/** A forked core behind the main process's relay, as the app runs it (a utilityProcess in Electron). */
export async function relayDoor(home: string, baseUrl: string): Promise<Door> {
  let onEvent: (name: string) => void = () => {}
  const client = createCoreClient({
    spawn: () => {
      const child = fork(CORE_ENTRY, [], { env: { PATH: process.env.PATH, WORKBENCH_HOME: home, ...benchEnv(baseUrl) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
      return {
        postMessage: (m) => child.send(m),
        onMessage: (l) => child.on('message', l),
        onExit: (l) => child.on('exit', (code) => l(code ?? 1)),
        kill: () => child.kill('SIGKILL')
      }
    },
    onEvent: (name) => onEvent(name)
  })
  const timer = eventTimer((c, p) => client.request(c, p))
  onEvent = timer.onEvent
  await client.request('settings.set', { key: `routes.${ROUTE}`, value: ['openai:gpt-4o-mini'] })
  return { send: timer.send, close: () => client.shutdown() }
}
