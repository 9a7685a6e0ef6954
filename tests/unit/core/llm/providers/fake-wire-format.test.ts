import { afterEach, describe, expect, it } from 'vitest'
import { startFakeAnthropic } from '../../../../fakes/fake-anthropic'
import { startFakeOllama } from '../../../../fakes/fake-ollama'
import { startFakeOpenAI } from '../../../../fakes/fake-openai'
import type { FakeHttpServer } from '../../../../fakes/http-kit'

// The SDK tests prove the fakes parse; these pin the framing details the SDKs hide.
describe('fake provider wire formats', () => {
  let fake: FakeHttpServer
  afterEach(async () => fake?.close())

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

  it('OpenAI: role chunk, content chunks, finish chunk, usage chunk with empty choices, then [DONE]', async () => {
    fake = await startFakeOpenAI({ reply: ['a', 'b'], usage: { inputTokens: 5, outputTokens: 2 } })
    const res = await post(`${fake.url}/v1/chat/completions`, { model: 'gpt-4o-mini', messages: [], stream: true, stream_options: { include_usage: true } })
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const data = (await res.text()).split('\n\n').filter(Boolean).map((event) => event.replace(/^data: /, ''))
    expect(data.at(-1)).toBe('[DONE]')
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as { object: string; choices: Array<{ delta: object; finish_reason: string | null }>; usage: unknown })
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true)
    expect(chunks.map((c) => c.choices[0]?.delta ?? null)).toEqual([{ role: 'assistant', content: '', refusal: null }, { content: 'a' }, { content: 'b' }, {}, null])
    expect(chunks[3]!.choices[0]!.finish_reason).toBe('stop')
    expect(chunks[4]).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } })
    expect(chunks[0]!.usage).toBeNull()
  })

  it('OpenAI: no usage chunk and no usage field unless include_usage is set', async () => {
    fake = await startFakeOpenAI({ reply: ['a'] })
    const text = await (await post(`${fake.url}/v1/chat/completions`, { model: 'gpt-4o-mini', messages: [], stream: true })).text()
    expect(text).not.toContain('"usage"')
  })

  it('Anthropic: named events from message_start to message_stop', async () => {
    fake = await startFakeAnthropic({ reply: ['x'] })
    const res = await post(`${fake.url}/v1/messages`, { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [], stream: true }, { 'anthropic-version': '2023-06-01' })
    const events = (await res.text()).split('\n\n').filter(Boolean).map((e) => e.split('\n')[0])
    expect(events).toEqual([
      'event: message_start',
      'event: content_block_start',
      'event: ping',
      'event: content_block_delta',
      'event: content_block_stop',
      'event: message_delta',
      'event: message_stop'
    ])
  })

  it('Anthropic: a real error body for a missing API version header', async () => {
    fake = await startFakeAnthropic()
    const res = await post(`${fake.url}/v1/messages`, { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [], stream: true })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } })
  })

  it('Ollama: NDJSON lines ending in done:true with counts and durations', async () => {
    fake = await startFakeOllama({ reply: ['hi'], usage: { inputTokens: 3, outputTokens: 1 } })
    const res = await post(`${fake.url}/api/chat`, { model: 'llama3.2:1b', messages: [] })
    expect(res.headers.get('content-type')).toBe('application/x-ndjson')
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines[0]).toMatchObject({ model: 'llama3.2:1b', message: { role: 'assistant', content: 'hi' }, done: false })
    expect(lines[1]).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 3, eval_count: 1, total_duration: expect.any(Number) })
  })
})
