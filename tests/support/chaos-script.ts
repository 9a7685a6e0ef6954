import type { BaseScript, Fault } from '../fakes/faults'
import type { RecordedRequest } from '../fakes/http-kit'
import { mixSeed, seededRandom, type SeededRandom } from './seeded-random'

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

/** The prompt of a lane's n-th send; the fault script reads the send number back from it. */
export function chaosPrompt(lane: number, send: number): string {
  return `lane ${lane} send ${send}`
}

function sendNumberOf(prompt: string): number | null {
  const match = /^lane \d+ send (\d+)$/.exec(prompt)
  return match ? Number(match[1]) : null
}

/**
 * The sends during which a provider has an outage (every request to it answers 503), two short
 * windows per provider (12 lanes x 3 tries of 503 each): every lane reaches a send number at about the same time, so each window
 * makes a burst of failures that surely opens the provider's breakers at least once.
 */
export function outageSends(seed: number, provider: string, windowLength = 1): Set<number> {
  const random = seededRandom(mixSeed(seed, 'outage', provider))
  const starts = [random.int(2, 10), random.int(16, 30)]
  return new Set(starts.flatMap((start) => Array.from({ length: windowLength }, (_, k) => start + k)))
}

/**
 * The fault for one request, a pure function of the seed, the provider, the prompt and which try
 * of that prompt on that provider this is (1, 2, ...). Not of arrival order: concurrent lanes
 * reach the fakes in a different order on every run, and a replayed seed must give each request
 * the same fault it had.
 */
export function chaosFaultFor(seed: number, provider: string, prompt: string, tryNo: number): { label: string; fault: Fault } {
  const send = sendNumberOf(prompt)
  if (send !== null && outageSends(seed, provider).has(send)) return { label: 'outage 503', fault: { status: 503 } }
  return chaosFault(seededRandom(mixSeed(seed, provider, prompt, tryNo)), provider)
}

/**
 * Gives a fake the chaos reply and the chaos fault script (chaosFaultFor). Returns the labels of
 * the faults served, in arrival order, to count what the run actually exercised.
 */
export function installChaos(script: BaseScript, provider: string, seed: number): string[] {
  const served: string[] = []
  const tries = new Map<string, number>()
  script.reply = (request: RecordedRequest) => {
    const model = (request.body as { model?: string } | null)?.model ?? '?'
    return chaosReply(provider, model, lastPrompt(request.body))
  }
  script.faultFor = (request) => {
    const prompt = lastPrompt(request.body)
    // Tries of one answer on one target are sequential, so counting them per prompt is order-free.
    const tryNo = (tries.get(prompt) ?? 0) + 1
    tries.set(prompt, tryNo)
    const { label, fault } = chaosFaultFor(seed, provider, prompt, tryNo)
    served.push(label)
    return fault
  }
  script.faults = []
  script.defaultFault = null
  return served
}
