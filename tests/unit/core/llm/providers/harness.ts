import type { IncomingHttpHeaders } from 'node:http'
import type { ProviderKind } from '../../../../../shared/types/domain'
import { createProvider } from '../../../../../electron/core/llm/providers/create-provider'
import type { ChatProvider, ChatTurn, StreamChunk } from '../../../../../electron/core/llm/types'
import { presentedKey, startFakeAnthropic } from '../../../../fakes/fake-anthropic'
import { startFakeOllama } from '../../../../fakes/fake-ollama'
import { startFakeOpenAI } from '../../../../fakes/fake-openai'
import type { BaseScript } from '../../../../fakes/faults'
import type { FakeHttpServer } from '../../../../fakes/http-kit'

/** A fake server as the shared provider tests see it. */
export type AnyFake = FakeHttpServer & { baseUrl: string; script: BaseScript }

/** Everything the shared tests need to know about one provider. */
export interface Harness {
  name: string
  kind: ProviderKind
  model: string
  start(script?: Partial<BaseScript>): Promise<AnyFake>
  /** Where the provider puts the key in a request. */
  keyOf(headers: IncomingHttpHeaders): string | null
  /** The status this provider uses for "overloaded". */
  overloadedStatus: number
  /** How a garbled stream surfaces: ollama-js skips unparseable lines, so only the missing end shows. */
  malformed: { failure: string; code: string }
}

const bearer = (headers: IncomingHttpHeaders): string | null => headers.authorization?.replace(/^Bearer /, '') ?? null

const PROTOCOL = { failure: 'protocol', code: 'provider_protocol' }

export const HARNESSES: Harness[] = [
  { name: 'OpenAI', kind: 'openai', model: 'gpt-4o-mini', start: startFakeOpenAI, keyOf: bearer, overloadedStatus: 503, malformed: PROTOCOL },
  { name: 'Anthropic', kind: 'anthropic', model: 'claude-sonnet-4-5', start: startFakeAnthropic, keyOf: presentedKey, overloadedStatus: 529, malformed: PROTOCOL },
  { name: 'Ollama', kind: 'ollama', model: 'llama3.2:1b', start: startFakeOllama, keyOf: bearer, overloadedStatus: 503, malformed: { failure: 'network', code: 'stream_incomplete' } }
]

/** A key that can be rotated between requests, as the keychain would. */
export function keyHolder(initial: string | null): { read: () => Promise<string | null>; set(key: string | null): void } {
  let key = initial
  return { read: async () => key, set: (next) => void (key = next) }
}

/** Builds the real adapter for a harness against its fake. */
export function providerFor(h: Pick<Harness, 'kind'>, baseUrl: string, key: () => Promise<string | null>, id: string = h.kind): ChatProvider {
  return createProvider({ id, kind: h.kind, baseUrl, apiKey: key })
}

/** Drains a stream, keeping what arrived before an error as well as the error. */
export async function drain(stream: AsyncIterable<StreamChunk>): Promise<{ chunks: StreamChunk[]; text: string; error: unknown }> {
  const chunks: StreamChunk[] = []
  try {
    for await (const chunk of stream) chunks.push(chunk)
    return { chunks, text: textOf(chunks), error: null }
  } catch (error) {
    return { chunks, text: textOf(chunks), error }
  }
}

export const TURNS: ChatTurn[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Say hello.' }
]

function textOf(chunks: StreamChunk[]): string {
  return chunks.map((c) => (c.type === 'text' ? c.text : '')).join('')
}
