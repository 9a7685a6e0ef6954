import { createHash } from 'node:crypto'
import { answerFor, applyLeadingFaults, baseScript, sendErrorReply, sendStream, takeFault, type BaseScript, type ErrorReply, type Fault } from './faults'
import { sendJson, startHttpFake, type Exchange, type FakeHttpServer } from './http-kit'

/** The shared script plus Ollama's version string. */
export interface OllamaScript extends BaseScript {
  /** What GET /api/version reports. */
  version: string
}

/** A loopback stand-in for a local Ollama; `baseUrl` is the host to give the `ollama` package. */
export interface FakeOllama extends FakeHttpServer {
  baseUrl: string
  script: OllamaScript
}

/** Starts a fake that speaks Ollama's NDJSON /api/chat, /api/tags, /api/version and GET /. */
export async function startFakeOllama(overrides: Partial<OllamaScript> = {}): Promise<FakeOllama> {
  const script: OllamaScript = { ...baseScript(['llama3.2:1b', 'qwen2.5:0.5b'], overrides), version: overrides.version ?? '0.12.6' }
  const server = await startHttpFake((ex) => route(ex, script))
  return Object.assign(server, { baseUrl: server.url, script })
}

async function route(ex: Exchange, script: OllamaScript): Promise<void> {
  const { method, path } = ex.recorded
  // Detection endpoints answer like the real server and take no faults.
  if ((method === 'GET' || method === 'HEAD') && path === '/') {
    ex.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
    return void ex.res.end(method === 'GET' ? 'Ollama is running' : undefined)
  }
  if (method === 'GET' && path === '/api/version') return sendJson(ex.res, 200, { version: script.version })
  const isChat = method === 'POST' && path === '/api/chat'
  const isModels = method === 'GET' && path === '/api/tags'
  if (!isChat && !isModels) {
    ex.res.writeHead(404, { 'content-type': 'text/plain' })
    return void ex.res.end('404 page not found')
  }
  const fault = takeFault(script, isChat ? 'chat' : 'models', ex.recorded)
  if (await applyLeadingFaults(ex, fault, errorReply)) return
  // Ollama has no keys of its own; a key only matters behind an auth proxy or on ollama.com.
  if (script.apiKey !== null && ex.req.headers.authorization !== `Bearer ${script.apiKey}`) return sendErrorReply(ex, errorReply(401, 'unauthorized'))
  if (isModels) return sendJson(ex.res, 200, { models: script.models.map(tag) })
  return chat(ex, script, fault)
}

async function chat(ex: Exchange, script: BaseScript, fault: Fault | null): Promise<void> {
  const body = ex.recorded.body as { model?: string; messages?: unknown; stream?: boolean } | null
  if (!body?.model) return sendErrorReply(ex, errorReply(400, 'model is required'))
  if (body.stream === false) return sendErrorReply(ex, errorReply(400, 'This fake only implements streaming.'))
  if (!script.models.includes(body.model)) return sendErrorReply(ex, errorReply(404, `model "${body.model}" not found, try pulling it first`))

  const answer = answerFor(script, ex.recorded)
  const line = (extra: object): string => `${JSON.stringify({ model: body.model, created_at: new Date().toISOString(), ...extra })}\n`
  await sendStream(
    ex,
    {
      headers: { 'content-type': 'application/x-ndjson' },
      head: [],
      tokens: answer.tokens.map((content) => line({ message: { role: 'assistant', content }, done: false })),
      tail: [
        line({
          message: { role: 'assistant', content: '' },
          done: true,
          done_reason: 'stop',
          total_duration: 1_402_330_750,
          load_duration: 58_102_625,
          prompt_eval_count: answer.inputTokens,
          prompt_eval_duration: 120_000_000,
          eval_count: answer.outputTokens,
          eval_duration: 1_200_000_000
        })
      ],
      garbage: `{"model":"${body.model}","created_at":\n`
    },
    fault,
    script
  )
}

function tag(name: string): object {
  return {
    name,
    model: name,
    modified_at: '2025-10-01T12:00:00.000000000+02:00',
    size: 1_321_098_329,
    digest: createHash('sha256').update(name).digest('hex'),
    details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '1.2B', quantization_level: 'Q8_0' }
  }
}

const STOCK: Record<number, string> = {
  400: 'invalid request',
  401: 'unauthorized',
  404: 'model not found',
  500: 'an error was encountered while running the model',
  503: 'server busy, please try again.  maximum pending requests exceeded'
}

/** Ollama's error body: {"error": "..."}. */
export function errorReply(status: number, message?: string): ErrorReply {
  return { status, body: { error: message ?? STOCK[status] ?? (status >= 500 ? STOCK[500] : STOCK[400]) } }
}
