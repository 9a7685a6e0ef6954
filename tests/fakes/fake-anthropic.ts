import { randomBytes } from 'node:crypto'
import { answerFor, applyLeadingFaults, baseScript, sendErrorReply, sendStream, takeFault, type BaseScript, type ErrorReply, type Fault } from './faults'
import { sendJson, startHttpFake, type Exchange, type FakeHttpServer } from './http-kit'

/** A loopback stand-in for api.anthropic.com; `baseUrl` is what the SDK's baseURL should be. */
export interface FakeAnthropic extends FakeHttpServer {
  baseUrl: string
  script: BaseScript
}

/** Starts a fake that speaks Anthropic's Messages SSE (with event: lines) and model list. */
export async function startFakeAnthropic(overrides: Partial<BaseScript> = {}): Promise<FakeAnthropic> {
  const script = baseScript(['claude-sonnet-4-5', 'claude-3-5-haiku-latest'], overrides)
  const server = await startHttpFake((ex) => route(ex, script))
  return Object.assign(server, { baseUrl: server.url, script })
}

/** The key as the Anthropic API accepts it: x-api-key, or a bearer token (what SDK 1.x sends). */
export function presentedKey(headers: Exchange['req']['headers']): string | null {
  const apiKey = headers['x-api-key']
  if (typeof apiKey === 'string') return apiKey
  const auth = headers.authorization
  return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : null
}

async function route(ex: Exchange, script: BaseScript): Promise<void> {
  const { method, path } = ex.recorded
  const isChat = method === 'POST' && path === '/v1/messages'
  const isModels = method === 'GET' && path === '/v1/models'
  if (!isChat && !isModels) return sendErrorReply(ex, errorReply(404, `Not Found`))
  const fault = takeFault(script, isChat ? 'chat' : 'models', ex.recorded)
  if (await applyLeadingFaults(ex, fault, errorReply)) return
  if (script.apiKey !== null) {
    const key = presentedKey(ex.req.headers)
    if (key === null) return sendErrorReply(ex, errorReply(401, 'x-api-key header is required'))
    if (key !== script.apiKey) return sendErrorReply(ex, errorReply(401, 'invalid x-api-key'))
  }
  if (!ex.req.headers['anthropic-version']) return sendErrorReply(ex, errorReply(400, 'anthropic-version: header is required'))
  if (isModels) {
    const data = script.models.map((id) => ({ type: 'model', id, display_name: displayName(id), created_at: '2025-09-29T00:00:00Z' }))
    return sendJson(ex.res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null }, requestIdHeader())
  }
  return chat(ex, script, fault)
}

async function chat(ex: Exchange, script: BaseScript, fault: Fault | null): Promise<void> {
  const body = ex.recorded.body as { model?: string; max_tokens?: number; messages?: Array<{ role?: string }>; stream?: boolean } | null
  if (!body?.model) return sendErrorReply(ex, errorReply(400, 'model: Field required'))
  if (typeof body.max_tokens !== 'number') return sendErrorReply(ex, errorReply(400, 'max_tokens: Field required'))
  if (!Array.isArray(body.messages)) return sendErrorReply(ex, errorReply(400, 'messages: Field required'))
  const systemAt = body.messages.findIndex((m) => m.role === 'system')
  if (systemAt >= 0) {
    return sendErrorReply(ex, errorReply(400, `messages.${systemAt}.role: Input should be 'user' or 'assistant'. The Messages API accepts a top-level \`system\` parameter.`))
  }
  if (body.stream !== true) return sendErrorReply(ex, errorReply(400, 'This fake only implements stream: true.'))
  if (!script.models.includes(body.model)) return sendErrorReply(ex, errorReply(404, `model: ${body.model}`))

  const answer = answerFor(script, ex.recorded)
  const event = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`
  const message = {
    id: `msg_${randomBytes(12).toString('hex')}`,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: answer.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1, service_tier: 'standard' }
  }
  await sendStream(
    ex,
    {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...requestIdHeader() },
      head: [
        event('message_start', { type: 'message_start', message }),
        event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
        event('ping', { type: 'ping' })
      ],
      tokens: answer.tokens.map((text) => event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
      tail: [
        event('content_block_stop', { type: 'content_block_stop', index: 0 }),
        event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: answer.outputTokens } }),
        event('message_stop', { type: 'message_stop' })
      ],
      garbage: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":\n\n'
    },
    fault,
    script
  )
}

const STOCK: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'Invalid request' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'The requested resource could not be found.' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization of 50,000 input tokens per minute.' },
  500: { type: 'api_error', message: 'Internal server error' },
  529: { type: 'overloaded_error', message: 'Overloaded' }
}

/** Anthropic's error body: {"type": "error", "error": {type, message}, "request_id"}. */
export function errorReply(status: number, message?: string): ErrorReply {
  const stock = STOCK[status] ?? (status >= 500 ? STOCK[500] : STOCK[400])!
  const headers = requestIdHeader()
  return { status, body: { type: 'error', error: { type: stock.type, message: message ?? stock.message }, request_id: headers['request-id'] }, headers }
}

function displayName(id: string): string {
  return id.replace(/^claude-/, 'Claude ').replace(/-/g, ' ')
}

function requestIdHeader(): Record<string, string> {
  return { 'request-id': `req_011${randomBytes(12).toString('hex')}` }
}
