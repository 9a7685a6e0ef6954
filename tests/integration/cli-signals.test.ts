import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { startFakeOllama } from '../fakes/fake-ollama'
import { spawnWorkbench, type KillableCli } from '../support/killable-cli'
import { tempHome } from '../support/temp-home'

// The CLI must always be stoppable: a bad data folder fails fast, a second Ctrl-C or a SIGTERM
// ends it even when the command ignores the first. Needs the build (out/), like every CLI test.
const home = tempHome('workbench-cli-signals-')
const env = {
  PATH: process.env.PATH ?? '',
  HOME: home.dir,
  WORKBENCH_HOME: join(home.dir, 'data'),
  WORKBENCH_KEYRING_SERVICE: `llm-workbench-test-${process.pid}`,
  // No session bus: a keychain lookup fails at once instead of finding a desktop's keyring.
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'
}
const running: KillableCli[] = []
afterEach(() => {
  for (const cli of running.splice(0)) cli.kill()
})
afterAll(() => home.remove())

function start(args: string[], extraEnv: Record<string, string> = {}): KillableCli {
  const cli = spawnWorkbench(args, { ...env, ...extraEnv })
  running.push(cli)
  return cli
}

/** Polls until `check` holds; the limit only stops a hung test, it measures nothing. */
async function until(check: () => boolean, what: string, limitMs = 45_000): Promise<void> {
  for (let waited = 0; !check(); waited += 25) {
    if (waited > limitMs) throw new Error(`gave up waiting for ${what}`)
    await sleep(25)
  }
}

describe('a data folder that cannot be made', () => {
  it('fails fast with a sentence naming it, instead of spinning', async () => {
    const cli = start(['conversations'], { WORKBENCH_HOME: '/proc/nope/x' })
    // The old recursive mkdir spun at full CPU forever here: a hang detector, not a timing target.
    const killer = setTimeout(() => cli.kill(), 45_000)
    const { code, signal } = await cli.exited
    clearTimeout(killer)
    expect(signal).toBeNull()
    expect(code).toBe(1)
    expect(cli.stderr()).toMatch(/^error: The data folder \/proc\/nope\/x cannot be used: .*WORKBENCH_HOME/m)
  })
})

describe.skipIf(process.platform === 'win32')('signals', () => {
  it('a first Ctrl-C stops gracefully; a second ends the process at once, even while it is stuck', async () => {
    // An answer that never starts, and a database another process keeps locked: the graceful stop
    // (storing the answer as partial) then blocks in SQLite's busy wait, where no JS handler can run.
    const ollama = await startFakeOllama({ tokenGate: () => new Promise<void>(() => {}) })
    try {
      const cli = start(['chat', 'hello', '--model', 'ollama:llama3.2:1b'], { OLLAMA_HOST: ollama.baseUrl })
      // The provider is asked only after the CLI opened the core and trapped the signals.
      await until(() => ollama.requests.some((r) => r.path === '/api/chat'), 'the answer to start')
      const db = new Database(join(env.WORKBENCH_HOME, 'workbench.db'))
      try {
        db.exec('BEGIN IMMEDIATE')
        cli.child.kill('SIGINT')
        await until(() => cli.stderr().includes('Ctrl-C again quits at once'), 'the first Ctrl-C to be handled')
        cli.child.kill('SIGINT')
        // Ended by the signal itself (Node's default action), not by a handler that had to wait its turn.
        expect(await cli.exited).toEqual({ code: null, signal: 'SIGINT' })
      } finally {
        db.close()
      }
    } finally {
      await ollama.close()
    }
  })

  it('SIGTERM stops an answer gracefully and exits', async () => {
    const ollama = await startFakeOllama({ tokenGate: () => new Promise<void>(() => {}) })
    try {
      const cli = start(['chat', 'hello', '--model', 'ollama:llama3.2:1b', '--json'], { OLLAMA_HOST: ollama.baseUrl })
      // The provider is asked only after the CLI opened the core and trapped the signals.
      await until(() => ollama.requests.some((r) => r.path === '/api/chat'), 'the answer to start')
      cli.child.kill('SIGTERM')
      const killer = setTimeout(() => cli.kill(), 45_000)
      const exited = await cli.exited
      clearTimeout(killer)
      expect(exited.signal).toBeNull()
      expect(JSON.parse(cli.stdout().trim().split('\n').at(-1)!)).toMatchObject({ type: 'error', code: 'stopped' })
    } finally {
      await ollama.close()
    }
  })
})
