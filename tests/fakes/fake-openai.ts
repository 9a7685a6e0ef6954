import { randomBytes } from 'node:crypto'
import { answerFor, applyLeadingFaults, baseScript, sendErrorReply, sendStream, takeFault, type BaseScript, type ErrorReply, type Fault } from './faults'
import { sendJson, startHttpFake, type Exchange, type FakeHttpServer } from './http-kit'

/** A tool call streamed after the text, the way OpenAI splits it into deltas. */
export interface FakeToolCall {
  id: string
  name: string
  /** The arguments JSON, cut into the pieces to stream. */
  argumentChunks: string[]
}

export interface OpenAIScript extends BaseScript {
  toolCalls: FakeToolCall[]
}

/** A loopback stand-in for api.openai.com; use `baseUrl` (it ends in /v1) as the endpoint's base URL. */
export interface FakeOpenAI extends FakeHttpServer {
  baseUrl: string
  script: OpenAIScript
}

/** Starts a fake that speaks OpenAI's chat-completions SSE and model list, with scripted faults. */
export async function startFakeOpenAI(overrides: Partial<OpenAIScript> = {}): Promise<FakeOpenAI> {
  const script: OpenAIScript = { ...baseScript(['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'], overrides), toolCalls: overrides.toolCalls ?? [] }
  const server = await startHttpFake((ex) => route(ex, script))
  return Object.assign(server, { baseUrl: `${server.url}/v1`, script })
}

async function route(ex: Exchange, script: OpenAIScript): Promise<void> {
  const { method, path } = ex.recorded
  const isChat = method === 'POST' && path === '/v1/chat/completions'
  const isModels = method === 'GET' && path === '/v1/models'
  if (!isChat && !isModels) return sendErrorReply(ex, errorReply(404, `Invalid URL (${method} ${path})`))
  const fault = takeFault(script, isChat ? 'chat' : 'models', ex.recorded)
  if (await applyLeadingFaults(ex, fault, errorReply)) return
  const denied = checkKey(ex, script.apiKey)
  if (denied) return sendErrorReply(ex, denied)
  if (isModels) {
    const data = script.models.map((id) => ({ id, object: 'model', created: 1_715_367_049, owned_by: 'system' }))
    return sendJson(ex.res, 200, { object: 'list', data }, requestIdHeader())
  }
  return chat(ex, script, fault)
}

async function chat(ex: Exchange, script: OpenAIScript, fault: Fault | null): Promise<void> {
  const body = ex.recorded.body as { model?: string; messages?: unknown; stream?: boolean; stream_options?: { include_usage?: boolean } } | null
  if (!body?.model) return sendErrorReply(ex, errorReply(400, 'you must provide a model parameter'))
  if (!Array.isArray(body.messages)) return sendErrorReply(ex, errorReply(400, "Missing required parameter: 'messages'."))
  if (body.stream !== true) return sendErrorReply(ex, errorReply(400, 'This fake only implements stream: true.'))
  if (!script.models.includes(body.model)) {
    return sendErrorReply(ex, errorReply(404, `The model \`${body.model}\` does not exist or you do not have access to it.`, 'model_not_found'))
  }
  const answer = answerFor(script, ex.recorded)
  const withUsage = body.stream_options?.include_usage === true
  const base = { id: `chatcmpl-${randomBytes(12).toString('hex')}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model, service_tier: 'default', system_fingerprint: 'fp_fake0001' }
  const frame = (choices: unknown[], usage: unknown = null): string => `data: ${JSON.stringify({ ...base, choices, ...(withUsage ? { usage } : {}) })}\n\n`
  const delta = (d: unknown, finish: string | null = null): string => frame([{ index: 0, delta: d, logprobs: null, finish_reason: finish }])

  const toolFrames = script.toolCalls.flatMap((call, index) => [
    delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
    ...call.argumentChunks.map((args) => delta({ tool_calls: [{ index, function: { arguments: args } }] }))
  ])
  const usage = {
    prompt_tokens: answer.inputTokens,
    completion_tokens: answer.outputTokens,
    total_tokens: answer.inputTokens + answer.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 }
  }
  await sendStream(
    ex,
    {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...requestIdHeader() },
      head: [delta({ role: 'assistant', content: '', refusal: null })],
      tokens: [...answer.tokens.map((text) => delta({ content: text })), ...toolFrames],
      tail: [
        delta({}, script.toolCalls.length > 0 ? 'tool_calls' : 'stop'),
        ...(withUsage ? [frame([], usage)] : []),
        'data: [DONE]\n\n'
      ],
      garbage: 'data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"delta":\n\n'
    },
    fault,
    script
  )
}

/** OpenAI's 401s: one for a missing key, one (with the key half-masked, as the real API does) for a wrong one. */
function checkKey(ex: Exchange, expected: string | null): ErrorReply | null {
  if (expected === null) return null
  const header = ex.req.headers.authorization
  if (!header) {
    return errorReply(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.", null)
  }
  const given = header.replace(/^Bearer\s+/i, '')
  if (given === expected) return null
  const masked = given.length > 8 ? `${given.slice(0, 3)}${'*'.repeat(given.length - 7)}${given.slice(-4)}` : '****'
  return errorReply(401, `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_api_key')
}

const STOCK: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' },
  404: { type: 'invalid_request_error', code: null, message: 'The requested resource was not found.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' }
}

/** OpenAI's error body: {"error": {message, type, param, code}}. */
export function errorReply(status: number, message?: string, code?: string | null): ErrorReply {
  const stock = STOCK[status] ?? (status >= 500 ? STOCK[500] : STOCK[400])!
  const error = { message: message ?? stock.message, type: stock.type, param: null, code: code === undefined ? stock.code : code }
  return { status, body: { error }, headers: requestIdHeader() }
}

function requestIdHeader(): Record<string, string> {
  return { 'x-request-id': `req_${randomBytes(16).toString('hex')}` }
}
