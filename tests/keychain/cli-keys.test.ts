import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeyringSecretStore } from '../../electron/core/secrets/keyring-store'
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai'
import { tempHome } from '../support/temp-home'
import { keyringEnv, runWorkbench } from '../support/workbench-cli'

// `workbench keys` against the REAL Secret Service (scripts/with-keyring.sh), under a service
// name of its own so a desktop's real "llm-workbench" entries are never touched.
const SERVICE = `llm-workbench-cli-test-${process.pid}`
const REQUIRED = process.env.WORKBENCH_REQUIRE_KEYRING === '1'
const probe = await new KeyringSecretStore({ service: SERVICE, timeoutMs: 10_000 }).probe()
const RUN = probe.ok || REQUIRED
if (!RUN) console.warn(`[keychain] cli-keys skipped: ${probe.ok ? '' : probe.reason} Run: bash scripts/with-keyring.sh npx vitest run --project keychain`)

const KEY = 'sk-proj-cli-keychain-0123456789abcdefWXYZ'
const lookup = () => spawnSync('secret-tool', ['lookup', 'service', SERVICE, 'username', 'openai'], { encoding: 'utf8', timeout: 10_000 })

let fake: FakeOpenAI
let home: ReturnType<typeof tempHome>
let env: Record<string, string>
const printed: string[] = []
async function workbench(args: string[], stdin = '') {
  const run = await runWorkbench(args, env, stdin)
  printed.push(run.stdout, run.stderr)
  return run
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY })
  home = tempHome('workbench-cli-keychain-')
  env = { ...keyringEnv(), WORKBENCH_HOME: join(home.dir, 'data'), WORKBENCH_KEYRING_SERVICE: SERVICE, OPENAI_BASE_URL: fake.baseUrl }
})
afterAll(async () => {
  if (RUN) spawnSync('secret-tool', ['clear', 'service', SERVICE])
  await fake?.close()
  home?.remove()
})

describe.runIf(RUN)('workbench keys with the real keychain', () => {
  it('sets a key read from stdin, into the Secret Service', async () => {
    const run = await workbench(['keys', 'set', 'openai'], `${KEY}\n`)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('Saved the key for openai in the keychain.')
    expect(lookup().stdout).toBe(KEY)
  })

  it('lists it by its last four characters only', async () => {
    const run = await workbench(['keys', 'list'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('key store: keychain\n')
    expect(run.stdout).toContain(`openai           in the keychain (…${KEY.slice(-4)})`)
  })

  it('tests it against the provider, and reports a rejected key without quoting it', async () => {
    const ok = await workbench(['keys', 'test', 'openai'])
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^The key works: [1-9]\d* models available\./)
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`)

    fake.script.faults = [{ on: 'models', status: 401, errorMessage: `Incorrect API key provided: ${KEY}.` }]
    const rejected = await workbench(['keys', 'test', 'openai'])
    expect(rejected.code).toBe(1)
    expect(rejected.stderr).toContain('Incorrect API key provided')
  })

  it('removes it from the Secret Service', async () => {
    const run = await workbench(['keys', 'remove', 'openai'])
    expect(run.code, run.stderr).toBe(0)
    expect(lookup().status).not.toBe(0)
    expect((await workbench(['keys', 'list'])).stdout).toContain('openai           no key')
  })

  it('never printed the key, whole or in part beyond the last four characters', () => {
    const all = printed.join('\n')
    expect(all).not.toContain(KEY)
    expect(all).not.toContain(KEY.slice(0, -4))
  })
})
