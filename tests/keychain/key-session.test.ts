import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeyringSecretStore } from '../../electron/core/secrets/keyring-store'
import { lastAssistant, pickModel, send, watchAnswer } from '../e2e/chat-flow'
import { launchChromium } from '../e2e/support/browser'
import { startServeProcess, type ServeProcess } from '../e2e/support/serve-process'
import { startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { tempHome } from '../support/temp-home'
import { keyringEnv, runWorkbench } from '../support/workbench-cli'

// One scripted session of a user's keys against the REAL Secret Service (run inside
// scripts/with-keyring.sh, as npm test does): set with the CLI, chat in Chromium through
// `workbench serve`, a 401, a rotation in the UI without a restart, and then a search for the
// keys everywhere they must not be. OPENAI_API_KEY is never set: the key can only come from
// the keychain.
const SERVICE = `llm-workbench-session-test-${process.pid}`
const REQUIRED = process.env.WORKBENCH_REQUIRE_KEYRING === '1'
const probe = await new KeyringSecretStore({ service: SERVICE, timeoutMs: 10_000 }).probe()
const RUN = probe.ok || REQUIRED
if (!RUN) console.warn(`[keychain] key-session skipped: ${probe.ok ? '' : probe.reason} Run: bash scripts/with-keyring.sh npx vitest run --project keychain`)

const ROOT = resolve(__dirname, '../..')
const FIRST = 'sk-proj-session-first-key-0123456789aaaa'
const SECOND = 'sk-proj-session-rotated-key-9876543210bbbb'
const KEYS = [FIRST, SECOND]

let fakes: FakeProviders
let home: ReturnType<typeof tempHome>
let dataDir: string
let env: Record<string, string>
let serve: ServeProcess | null = null
let browser: Browser
let page: Page
const cliOutput: string[] = []
const framesReceived: string[] = []

async function workbench(args: string[], stdin = '') {
  const run = await runWorkbench(args, env, stdin)
  cliOutput.push(run.stdout, run.stderr)
  return run
}
const lookup = () => spawnSync('secret-tool', ['lookup', 'service', SERVICE, 'username', 'openai'], { encoding: 'utf8', timeout: 10_000 })
/** Sends a message and follows the new answer (not the previous one) until it settles. */
async function answerTo(text: string): Promise<{ snapshots: string[]; status: string }> {
  const answers = page.locator('[data-testid="message"][data-role="assistant"]')
  const before = await answers.count()
  await send(page, text)
  await expect.poll(() => answers.count(), { timeout: 10_000 }).toBeGreaterThan(before)
  return watchAnswer(page)
}
const authorizations = () => fakes.openai.requests.map((r) => r.headers.authorization)

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
}

/** Whether the bytes hold the key as UTF-8 or UTF-16 (SQLite may store either). */
function holds(bytes: Buffer, key: string): boolean {
  return bytes.includes(Buffer.from(key, 'utf8')) || bytes.includes(Buffer.from(key, 'utf16le'))
}

beforeAll(async () => {
  if (!RUN) return
  fakes = await startFakeProviders()
  fakes.openai.script.apiKey = FIRST
  home = tempHome('workbench-key-session-')
  dataDir = join(home.dir, 'data')
  env = {
    ...keyringEnv(),
    WORKBENCH_HOME: dataDir,
    WORKBENCH_KEYRING_SERVICE: SERVICE,
    OPENAI_BASE_URL: fakes.openai.baseUrl,
    ANTHROPIC_BASE_URL: fakes.anthropic.baseUrl,
    OLLAMA_HOST: fakes.ollama.baseUrl
  }
  browser = await launchChromium()
})

afterAll(async () => {
  if (!RUN) return
  await browser?.close()
  await serve?.stop()
  await fakes?.close()
  spawnSync('secret-tool', ['clear', 'service', SERVICE])
  home?.remove()
})

describe.runIf(RUN)('a key session against the real Secret Service', () => {
  it('runs without OPENAI_API_KEY anywhere in its environment', () => {
    expect(Object.keys(env)).not.toContain('OPENAI_API_KEY')
    expect(Object.keys(env)).not.toContain('ANTHROPIC_API_KEY')
  })

  it('sets the key with the CLI from stdin, and the Secret Service has it', async () => {
    const run = await workbench(['keys', 'set', 'openai'], FIRST)
    expect(run.code, run.stderr).toBe(0)
    expect(lookup()).toMatchObject({ status: 0, stdout: FIRST })
  })

  it('lists the key by its last four characters only', async () => {
    const run = await workbench(['keys', 'list'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`openai           in the keychain (…${FIRST.slice(-4)})`)
  })

  it('tests the key against the fake provider', async () => {
    const run = await workbench(['keys', 'test', 'openai'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^The key works/)
  })

  it('chats in Chromium through workbench serve with the key from the keychain', async () => {
    serve = await startServeProcess(env)
    page = await browser.newPage()
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => void framesReceived.push(String(payload))))
    await page.goto(serve.url)
    await pickModel(page, 'openai:gpt-4o-mini')
    const { snapshots, status } = await answerTo('Hello from the keychain')
    expect(status).toBe('complete')
    expect(snapshots.at(-1)).toBe('Hello there!')
    expect(authorizations().at(-1)).toBe(`Bearer ${FIRST}`)
  })

  it('shows a 401 whose body echoes the key without the key', async () => {
    fakes.openai.script.faults = [{ status: 401, errorMessage: `Incorrect API key provided: ${FIRST}. You can find your API key at https://platform.openai.com/account/api-keys.` }]
    const { status } = await answerTo('This one is refused')
    // The app may answer from a local fallback model; either way the refusal must be shown.
    expect(['failed', 'complete']).toContain(status)
    expect(await lastAssistant(page).textContent()).toContain('401')
    const toggle = lastAssistant(page).getByTestId('attempts-toggle')
    if ((await toggle.count()) > 0) await toggle.click()
    await expect.poll(() => lastAssistant(page).textContent(), { timeout: 5_000 }).toContain('Incorrect API key provided')
    expect(await lastAssistant(page).textContent()).not.toContain(FIRST)
    expect(await page.content()).not.toContain(FIRST)
  })

  it('takes a replaced key in the settings and uses it on the next request, without a restart', async () => {
    const pid = serve!.child.pid
    fakes.openai.script.apiKey = SECOND
    await page.getByTestId('nav-settings').click()
    const row = page.locator('[data-testid="provider-row"][data-provider-id="openai"]')
    await row.getByTestId('key-input').fill(SECOND)
    await row.getByTestId('key-save').click()
    await expect.poll(() => row.getByTestId('key-status').textContent(), { timeout: 10_000 }).toContain(SECOND.slice(-4))
    expect(lookup()).toMatchObject({ status: 0, stdout: SECOND })

    await page.getByTestId('nav-chat').click()
    await pickModel(page, 'openai:gpt-4o-mini')
    const localChats = () => fakes.ollama.requests.filter((r) => r.path === '/api/chat').length
    const localAnswers = localChats()
    const { status } = await answerTo('And now with the new key')
    expect(status).toBe('complete')
    expect(authorizations().at(-1)).toBe(`Bearer ${SECOND}`)
    // Served by OpenAI itself, not by a fallback after a refusal.
    expect(localChats()).toBe(localAnswers)
    expect(serve!.child.pid).toBe(pid)
    expect(serve!.child.exitCode).toBeNull()
  })

  it('sent each key to the provider in the Authorization header', () => {
    expect(authorizations()).toContain(`Bearer ${FIRST}`)
    expect(authorizations()).toContain(`Bearer ${SECOND}`)
  })

  it('kept the keys out of every file in the data directory, the logs, the CLI output, the bundle and the frames', async () => {
    expect((await workbench(['keys', 'list'])).stdout).toContain(`(…${SECOND.slice(-4)})`)
    await page.close()
    expect(await serve!.stop()).toBe(0)

    const dataFiles = filesUnder(dataDir)
    expect(dataFiles.map((f) => f.slice(dataDir.length + 1))).toContain('workbench.db')
    const bundle = filesUnder(join(ROOT, 'out/renderer'))
    expect(bundle.some((f) => f.endsWith('.js'))).toBe(true)
    expect(framesReceived.length).toBeGreaterThan(10)
    expect(framesReceived.join('\n')).toContain('Incorrect API key provided')

    for (const key of KEYS) {
      for (const file of [...dataFiles, ...bundle]) expect(holds(readFileSync(file), key), `${key.slice(-4)} in ${file}`).toBe(false)
      expect(serve!.output(), 'serve stdout/stderr').not.toContain(key)
      expect(cliOutput.join('\n'), 'CLI output').not.toContain(key)
      expect(framesReceived.filter((f) => f.includes(key)), 'frames the page received').toEqual([])
    }
    expect(existsSync(join(dataDir, 'secrets.safe-storage.json'))).toBe(false)
  })
})
