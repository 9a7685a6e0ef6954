import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { closedPort } from '../support/closed-port'
import { resetScripts, startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { readDb } from '../support/read-db'
import { tempHome } from '../support/temp-home'

// What a person sees of the CLI: pipes that close early, hostile control characters, who
// answered, help, and the models on offer. Needs the build (out/), like every CLI test.
const BIN = resolve(__dirname, '../../bin/workbench.mjs')

let fakes: FakeProviders
let home: ReturnType<typeof tempHome>
beforeAll(async () => {
  fakes = await startFakeProviders()
  home = tempHome('workbench-cli-output-')
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

/**
 * Runs the built CLI. `closeStdout` plays a reader that goes away: 'at-once' closes the pipe
 * before anything is written (`| head -0`), 'after-first-bytes' once the first bytes arrived
 * (`| head -c 20`), then calls `afterClose`.
 */
function workbench(args: string[], options: { env?: Record<string, string>; closeStdout?: 'at-once' | 'after-first-bytes'; afterClose?: () => void } = {}): Promise<Run> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home.dir, WORKBENCH_HOME: join(home.dir, 'data'), ...fakes.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    if (options.closeStdout === 'at-once') child.stdout.destroy()
    child.stdout.on('data', (d) => {
      stdout += d
      if (options.closeStdout === 'after-first-bytes' && !child.stdout.destroyed) {
        child.stdout.destroy()
        options.afterClose?.()
      }
    })
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end('')
  })
}

const dbFile = () => join(home.dir, 'data', 'workbench.db')
const conversationIdIn = (stderr: string) => /^conversation: (\S+)$/m.exec(stderr)?.[1]

describe('a reader that closes the pipe early', () => {
  it('ends `conversations` quietly, without an EPIPE stack', async () => {
    expect((await workbench(['chat', 'one', '--model', 'ollama:llama3.2:1b'])).code).toBe(0)
    const run = await workbench(['conversations'], { closeStdout: 'at-once' })
    expect(run.stderr).not.toMatch(/EPIPE|Error|at /)
    expect(run.code).toBe(0)
  })

  it('lets `chat` finish its answer and store it complete, though nobody reads the rest', async () => {
    // The fake holds every token after the first until the reader is gone, so the CLI writes into a closed pipe.
    let release: () => void = () => {}
    const released = new Promise<void>((r) => (release = r))
    const tokens = Array.from({ length: 30 }, (_, i) => `word${i} `)
    fakes.ollama.script.reply = tokens
    fakes.ollama.script.tokenGate = (i) => (i === 0 ? Promise.resolve() : released)
    const run = await workbench(['chat', 'hello there', '--model', 'ollama:llama3.2:1b'], { closeStdout: 'after-first-bytes', afterClose: release })
    expect(run.stderr).not.toMatch(/EPIPE|Error|at /)
    expect(run.code, run.stderr).toBe(0)
    const id = conversationIdIn(run.stderr)
    expect(id).toBeDefined()
    const answer = readDb(dbFile(), (db) => db.prepare("SELECT status, content FROM messages WHERE conversation_id = ? AND role = 'assistant'").get(id)) as { status: string; content: string }
    expect(answer).toEqual({ status: 'complete', content: tokens.join('') })
  })
})

describe('control characters from a model or a title', () => {
  const HOSTILE = ['Hi \x1b]0;owned title\x07', ' clip\x1b]52;c;aGVsbG8=\x07', ' clear\x1b[2J', ' \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\', ' csi\u009b31m', ' over\rwrite', ' tab\tand\nnewline', ' split\r', '\nok']
  const ANSWER = HOSTILE.join('')
  const PROMPT = 'title \x1b]0;pwned\x07\x1b[2J here'
  // Every control character but TAB and LF, and CR unless an LF follows (it cannot hide anything there).
  const UNSAFE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/

  it('are shown, not obeyed, in plain chat, conversations and show; --json keeps them exact', async () => {
    fakes.ollama.script.reply = HOSTILE
    const chat = await workbench(['chat', PROMPT, '--model', 'ollama:llama3.2:1b'])
    expect(chat.code, chat.stderr).toBe(0)
    const id = conversationIdIn(chat.stderr)!
    const list = await workbench(['conversations'])
    const shown = await workbench(['show', id])
    for (const out of [chat.stdout, list.stdout, shown.stdout, chat.stderr]) expect(out).not.toMatch(UNSAFE)
    // Written the way `cat -v` writes them; newlines and tabs stay, CR stays only before LF.
    expect(chat.stdout).toContain('Hi ^[]0;owned title^G clip^[]52;c;aGVsbG8=^G clear^[[2J ^[]8;;http://evil.example/^[\\link^[]8;;^[\\ csiM-^[31m over^Mwrite tab\tand\nnewline split\r\nok')
    expect(list.stdout).toContain('title ^[]0;pwned^G^[[2J here')
    expect(shown.stdout).toContain('# title ^[]0;pwned^G^[[2J here')

    const json = await workbench(['show', id, '--json'])
    expect(json.stdout).not.toMatch(UNSAFE)
    const detail = JSON.parse(json.stdout) as { title: string; messages: Array<{ content: string }> }
    expect(detail.messages[1]!.content).toBe(ANSWER)
    expect(detail.title).toContain('\x1b]0;pwned\x07')
  })
})

describe('who answered', () => {
  it('prints the conversation id on stderr, and nothing about serving when the model asked for answered', async () => {
    const run = await workbench(['chat', 'hi', '--model', 'anthropic:claude-sonnet-4-5'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('Hello there!\n')
    expect(run.stderr).toMatch(/^conversation: \S+$/m)
    expect(run.stderr).not.toContain('served by')
  })

  it('says on stderr which target served the answer when the model asked for refused the connection', async () => {
    const run = await workbench(['chat', 'hi', '--model', 'openai:gpt-4o-mini'], { env: { OPENAI_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1` } })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('Hello there!\n')
    expect(run.stderr).toMatch(/^served by (anthropic|ollama):\S+ · openai:gpt-4o-mini /m)
  })
})

describe('help, version and models', () => {
  // Every command's --help is checked in-process (tests/unit/host/cli.test.ts); this is the built CLI.
  it('answers chat --help without touching the data folder, and --version', async () => {
    const help = await workbench(['chat', '--help'], { env: { WORKBENCH_HOME: '/proc/nope/help' } })
    expect(help.code, help.stderr).toBe(0)
    expect(help.stdout).toMatch(/^usage: workbench chat \[PROMPT\]/)
    const version = await workbench(['--version'])
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version)
  })

  it('lists chat models per provider, leaving embedding models out', async () => {
    const before = fakes.ollama.script.models
    fakes.ollama.script.models = ['llama3.2:1b', 'nomic-embed-text:latest', 'mxbai-embed-large:latest']
    try {
      const json = await workbench(['models', '--json', '--refresh'])
      expect(json.code, json.stderr).toBe(0)
      const lists = JSON.parse(json.stdout) as Array<{ provider: string; models: Array<{ ref: string }>; error: unknown }>
      expect(lists.find((p) => p.provider === 'ollama')?.models.map((m) => m.ref)).toEqual(['ollama:llama3.2:1b'])
      expect(lists.find((p) => p.provider === 'openai')?.error).toBeNull()
      const plain = await workbench(['models', '--refresh'])
      expect(plain.stdout).toMatch(/^ollama:\n {2}ollama:llama3\.2:1b$/m)
      expect(plain.stdout).not.toContain('embed')
    } finally {
      fakes.ollama.script.models = before
    }
  })
})

describe('arguments that may be secrets', () => {
  const KEY = 'sk-proj-never-echo-0123456789abcdef'

  it('are never repeated by keys, whether they look like an option or a provider', async () => {
    for (const args of [['keys', 'set', 'openai', `--${KEY}`], ['keys', 'set', `--${KEY}`], ['keys', 'remove', KEY], ['keys', 'test', KEY, 'extra'], ['keys', 'set', KEY, 'x']]) {
      const run = await workbench(args, { env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } })
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stdout + run.stderr).not.toContain(KEY.slice(8))
    }
  })

  it('may be named in an unknown-option message of a command that takes no secrets', async () => {
    const run = await workbench(['conversations', '--colour'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('conversations has no option --colour')
  })
})
