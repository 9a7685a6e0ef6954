import type { BaseScript, Fault } from '../fakes/faults'
import type { RecordedRequest } from '../fakes/http-kit'
import type { SeededRandom } from './seeded-random'

/** Tokens in every chaos answer; mid-stream faults strike after 1 to TOKENS - 1 of them. */
export const CHAOS_TOKENS = 6

/**
 * The answer a target gives to a prompt. It names the target in its first token, so text from
 * one target spliced into another's answer can never pass for a prefix of either.
 */
export function chaosReply(provider: string, model: string, prompt: string): string[] {
  return [`<${provider}/${model}>`, ' answers', ` [${prompt}]`, ' in', ' six', ' tokens.']
}

/** The last user message of a chat request, as all three fakes receive it. */
export function lastPrompt(body: unknown): string {
  const messages = (body as { messages?: Array<{ role?: string; content?: unknown }> } | null)?.messages ?? []
  const last = messages.filter((m) => m.role === 'user').at(-1)?.content
  return typeof last === 'string' ? last : ''
}

/** What a provider says when the conversation does not fit, in its own words. */
const CONTEXT_LENGTH_WORDS: Record<string, string> = {
  openai: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens.",
  anthropic: 'prompt is too long: 210000 tokens > 200000 maximum',
  ollama: 'input length exceeds the context length'
}

/**
 * One request's misbehaviour, drawn from the chaos mix. About two requests in three go well: a
 * failure rate breakers tolerate most of the time, so answers mostly arrive after a retry or a
 * failover while breakers still open now and then; the rest covers every fault the fakes know.
 */
export function chaosFault(random: SeededRandom, provider: string): { label: string; fault: Fault } {
  const midStream = random.int(1, CHAOS_TOKENS - 1)
  const mix: ReadonlyArray<readonly [number, () => { label: string; fault: Fault }]> = [
    [90, () => ({ label: 'ok', fault: {} })],
    [5, () => ({ label: '429 short Retry-After', fault: random.chance(0.5) ? { status: 429, retryAfterMs: random.int(1, 40) } : { status: 429, retryAfter: '0' } })],
    [2, () => ({ label: '429 Retry-After over cap', fault: { status: 429, retryAfter: '30' } })],
    [7, () => ({ label: '5xx', fault: { status: random.pick([500, 502, 503, 529]) } })],
    [1, () => ({ label: '409', fault: { status: 409 } })],
    [5, () => ({ label: 'reset before headers', fault: { resetBeforeHeaders: true } })],
    [5, () => ({ label: 'reset mid-stream', fault: { resetAfterTokens: midStream } })],
    [3, () => ({ label: 'stall before first byte', fault: { stallBeforeFirstByteMs: Number.POSITIVE_INFINITY } })],
    [2, () => ({ label: 'stall before first token', fault: { stallAfterTokens: 0 } })],
    [4, () => ({ label: 'stall mid-stream', fault: { stallAfterTokens: midStream } })],
    [4, () => ({ label: 'malformed', fault: { malformed: random.chance(0.5) ? true : { afterTokens: midStream } } })],
    [4, () => ({ label: 'end without final', fault: { endWithoutFinal: true } })],
    [4, () => ({ label: '400/401', fault: { status: random.pick([400, 401]) } })],
    [1, () => ({ label: 'context length', fault: { status: 400, errorMessage: CONTEXT_LENGTH_WORDS[provider] ?? 'context length exceeded' } })]
  ]
  return random.weighted(mix)()
}

/**
 * Gives a fake the chaos reply and a queue of `count` faults drawn from the mix, with two
 * outages (runs of `outageLength` 503s) early in it, so every breaker surely opens at least once. Requests take
 * faults in arrival order: the queue is shared, so the seed fixes the sequence, not which
 * concurrent request gets which. Returns the labels, to count what was actually consumed.
 */
export function installChaos(script: BaseScript, provider: string, random: SeededRandom, count: number, outageLength: number): string[] {
  const outagesAt = new Set([random.int(20, 80), random.int(120, 180)])
  const drawn: Array<{ label: string; fault: Fault }> = []
  while (drawn.length < count) {
    if (outagesAt.has(drawn.length)) for (let i = 0; i < outageLength; i++) drawn.push({ label: 'outage 503', fault: { status: 503 } })
    else drawn.push(chaosFault(random, provider))
  }
  script.reply = (request: RecordedRequest) => {
    const model = (request.body as { model?: string } | null)?.model ?? '?'
    return chaosReply(provider, model, lastPrompt(request.body))
  }
  script.faults = drawn.slice(0, count).map((d) => d.fault)
  script.defaultFault = null
  return drawn.slice(0, count).map((d) => d.label)
}
