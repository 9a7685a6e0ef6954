import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { OPENAI_TEST_KEY, resetScripts, startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { tempHome } from '../support/temp-home'

const BIN = resolve(__dirname, '../../bin/workbench.mjs')

let fakes: FakeProviders
let home: ReturnType<typeof tempHome>

beforeAll(async () => {
  fakes = await startFakeProviders()
  home = tempHome()
})
afterAll(async () => {
  await fakes.close()
  home.remove()
})
beforeEach(() => resetScripts(fakes))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the built CLI exactly as `npx workbench` does. */
function workbench(args: string[], options: { stdin?: string; env?: Record<string, string>; onStdout?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home.dir, WORKBENCH_HOME: join(home.dir, 'data'), ...fakes.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
      options.onStdout?.(stdout, child)
    })
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(options.stdin ?? '')
  })
}

const lines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)

describe('workbench CLI', () => {
  it('streams an answer as JSON lines: tokens, then done with ids, usage and timings', async () => {
    fakes.openai.script.reply = ['Hello', ',', ' world']
    const run = await workbench(['chat', 'Say hello', '--model', 'openai:gpt-4o-mini', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const events = lines(run.stdout)
    expect(events.filter((e) => e.type === 'token').map((e) => e.text).join('')).toBe('Hello, world')
    const done = events.at(-1)!
    expect(done).toMatchObject({ type: 'done', provider: 'openai', model: 'gpt-4o-mini', usage: { inputTokens: expect.any(Number), outputTokens: 3 } })
    expect(done.conversationId).toEqual(expect.any(String))
    expect(done.messageId).toEqual(expect.any(String))
    expect(done.latencyMs).toEqual(expect.any(Number))
    expect(done.firstTokenMs).toEqual(expect.any(Number))
    expect(done).toMatchObject({ servedBy: 'openai:gpt-4o-mini', tier: 0, attempts: [{ provider: 'openai', outcome: 'ok', try: 1 }] })
  })

  it('reads the prompt from stdin, continues a conversation, and lists and shows it', async () => {
    const first = lines((await workbench(['chat', '--json', '--model', 'ollama:llama3.2:1b'], { stdin: 'Remember the number 7' })).stdout).at(-1)!
    const second = await workbench(['chat', '--conversation', String(first.conversationId), '--model', 'anthropic:claude-sonnet-4-5'], { stdin: 'Which number?' })
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toBe('Hello there!\n')

    const list = JSON.parse((await workbench(['conversations', '--json'])).stdout) as Array<{ id: string; title: string; messageCount: number }>
    expect(list.find((c) => c.id === first.conversationId)).toMatchObject({ title: 'Remember the number 7', messageCount: 4 })
    const shown = JSON.parse((await workbench(['show', String(first.conversationId), '--json'])).stdout) as { messages: Array<{ role: string; provider: string | null }> }
    expect(shown.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
    expect(shown.messages[3]!.provider).toBe('anthropic')
    const text = await workbench(['show', String(first.conversationId)])
    expect(text.stdout).toContain('## assistant (ollama:llama3.2:1b)')
  })

  it('takes a search for % literally and says that nothing matched, not that nothing exists', async () => {
    expect((await workbench(['chat', 'A title without wildcards', '--model', 'openai:gpt-4o-mini'])).code).toBe(0)
    const all = await workbench(['conversations', '--search', '%', '--json'])
    expect(JSON.parse(all.stdout)).toEqual([])
    const plain = await workbench(['conversations', '--search', '%'])
    expect(plain.code, plain.stderr).toBe(0)
    expect(plain.stdout).toBe('No conversation matches that search.\n')
  })

  it('reports a failure as a JSON error line and a non-zero exit, without the key', async () => {
    const set = await workbench(['config', 'set', 'routes.cloud-only', '["openai:gpt-4o-mini"]'])
    expect(set.code, set.stderr).toBe(0)
    expect(JSON.parse((await workbench(['config', 'get', 'routes.cloud-only'])).stdout)).toEqual(['openai:gpt-4o-mini'])
    fakes.openai.script.faults = [{ status: 401, errorMessage: `Incorrect API key provided: ${OPENAI_TEST_KEY}` }]
    const run = await workbench(['chat', 'hi', '--route', 'cloud-only', '--json'])
    expect(run.code).toBe(1)
    expect(lines(run.stdout).at(-1)).toMatchObject({ type: 'error', code: 'all_targets_failed', attempts: [{ outcome: 'http-4xx', httpStatus: 401 }] })
    expect(run.stdout + run.stderr).not.toContain(OPENAI_TEST_KEY)
  })

  it('falls back along the default route and says which tier served the answer', async () => {
    fakes.openai.script.faults = [{ status: 401 }]
    const run = await workbench(['chat', 'hi', '--model', 'openai:gpt-4o-mini', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(lines(run.stdout).at(-1)).toMatchObject({ type: 'done', servedBy: 'ollama:llama3.2:1b', tier: 1, attempts: [{ outcome: 'http-4xx' }, { outcome: 'ok' }] })
  })

  it('pays once for a retried command with the same idempotency key, and replays the first answer', async () => {
    const args = ['chat', 'only once please', '--model', 'anthropic:claude-sonnet-4-5', '--idempotency-key', 'retry-key-0123456789', '--json']
    const first = lines((await workbench(args)).stdout).at(-1)!
    const again = await workbench(args)
    expect(again.code, again.stderr).toBe(0)
    const replay = lines(again.stdout)
    expect(replay.at(-1)).toMatchObject({ type: 'done', messageId: first.messageId, conversationId: first.conversationId })
    expect(replay.filter((e) => e.type === 'token').map((e) => e.text).join('')).toBe('Hello there!')
    expect(fakes.anthropic.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(1)
  })

  it('refuses a settings value that does not validate, and one that is not JSON', async () => {
    const invalid = await workbench(['config', 'set', 'routes.default', '["not a ref"]'])
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toMatch(/"routes\.default\.0": expected provider:model/)
    const notJson = await workbench(['config', 'set', 'timeouts.idleMs', 'fast'])
    expect(notJson.code).toBe(2)
    expect(notJson.stderr).toContain('must be JSON')
  })

  it('refuses an empty prompt and an unknown command with a clear message', async () => {
    const empty = await workbench(['chat', '--json'], { stdin: '   ' })
    expect(empty.code).toBe(1)
    expect(lines(empty.stdout)[0]).toMatchObject({ type: 'error', code: 'invalid_payload' })
    const unknown = await workbench(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('usage: workbench')
  })

  it('keeps the partial answer when interrupted with Ctrl-C', async () => {
    fakes.openai.script.reply = Array.from({ length: 200 }, (_, i) => `w${i} `)
    fakes.openai.script.tokenDelayMs = 20
    let signalled = false
    const run = await workbench(['chat', 'long one', '--model', 'openai:gpt-4o-mini', '--json'], {
      onStdout: (out, child) => {
        if (!signalled && out.split('\n').length > 4) {
          signalled = true
          child.kill('SIGINT')
        }
      }
    })
    expect(run.code).toBe(130)
    const last = lines(run.stdout).at(-1)!
    expect(last).toMatchObject({ type: 'error', code: 'stopped' })
    const shown = JSON.parse((await workbench(['show', String(last.conversationId), '--json'])).stdout) as { messages: Array<{ status: string; content: string }> }
    expect(shown.messages[1]!.status).toBe('partial')
    expect(shown.messages[1]!.content).toMatch(/^w0 w1 w2 /)
  })
})
