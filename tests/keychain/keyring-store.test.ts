import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { createKeyResolver } from '../../electron/core/secrets/key-resolver'
import { KeyringSecretStore } from '../../electron/core/secrets/keyring-store'

// Runs against the REAL Secret Service: `bash scripts/with-keyring.sh npx vitest run --project keychain`
// gives it a throwaway, unlocked gnome-keyring. WORKBENCH_REQUIRE_KEYRING=1 (CI) turns a missing
// keyring into failures; without it the file skips and says why.
const REQUIRED = process.env.WORKBENCH_REQUIRE_KEYRING === '1'
// Set by scripts/with-keyring.sh only: the keyring is ours, so we may lock it and unlock it again.
const THROWAWAY_PASSWORD = process.env.WORKBENCH_TEST_KEYRING_PASSWORD
// Our own service name: on a desktop these tests must never touch the user's real "llm-workbench" keys.
const SERVICE = `llm-workbench-test-${process.pid}`

const store = new KeyringSecretStore({ service: SERVICE, timeoutMs: 10_000, promptTimeoutMs: 10_000 })
const probe = await store.probe()
const RUN = probe.ok || REQUIRED
if (!RUN) {
  console.warn(`[keychain] skipped: ${probe.ok ? '' : probe.reason} Run: bash scripts/with-keyring.sh npx vitest run --project keychain`)
}

/** secret-tool, the libsecret CLI: a second, independent client of the same Secret Service. */
function secretTool(args: string[], input?: string): { status: number | null; out: string } {
  const run = spawnSync('secret-tool', args, { input, encoding: 'utf8', timeout: 10_000 })
  if (run.error) throw run.error
  return { status: run.status, out: `${run.stdout}${run.stderr}` }
}

const lookup = (account: string) => secretTool(['lookup', 'service', SERVICE, 'username', account])
const itemsFor = (account: string) =>
  secretTool(['search', '--all', 'service', SERVICE, 'username', account]).out.split('\n').filter((l) => l.startsWith('secret = '))

afterAll(() => {
  if (RUN) secretTool(['clear', 'service', SERVICE])
})

describe.runIf(RUN)('keyring store against the real Secret Service', () => {
  it('finds a Secret Service that answers', () => {
    expect(probe, 'WORKBENCH_REQUIRE_KEYRING=1 but no keyring answers: run under scripts/with-keyring.sh').toEqual({ ok: true })
  })

  it('stores a key in the Secret Service itself, under service and username attributes', async () => {
    await store.set('openai', 'sk-keychain-test-0000000001')
    expect(await store.get('openai')).toBe('sk-keychain-test-0000000001')

    // Another client sees it: the key is in the keyring, not in a kernel-keyring fallback.
    expect(lookup('openai')).toEqual({ status: 0, out: 'sk-keychain-test-0000000001' })
    const listing = secretTool(['search', '--all', 'service', SERVICE]).out
    expect(listing).toContain(`attribute.service = ${SERVICE}`)
    expect(listing).toContain('attribute.username = openai')
  })

  it('replaces a key in place, leaving exactly one item for the account', async () => {
    await store.set('anthropic', 'sk-ant-first-00000000000001')
    await store.set('anthropic', 'sk-ant-second-0000000000002')
    expect(await store.get('anthropic')).toBe('sk-ant-second-0000000000002')
    expect(itemsFor('anthropic')).toEqual(['secret = sk-ant-second-0000000000002'])
  })

  it('deletes a key and then reports it gone', async () => {
    await store.set('groq', 'gsk_to_be_deleted_000000003')
    expect(await store.delete('groq')).toBe(true)
    expect(await store.get('groq')).toBeNull()
    expect(lookup('groq').status).not.toBe(0)
    expect(await store.delete('groq')).toBe(false)
  })

  it('answers null for an account that was never stored', async () => {
    expect(await store.get('never-stored')).toBeNull()
  })

  it('reads a key that another tool put in the keyring, and a rotation takes effect on the next request', async () => {
    secretTool(['store', '--label', 'test key', 'service', SERVICE, 'username', 'openai'], 'sk-from-secret-tool-000000a1')
    const keys = createKeyResolver({ env: {}, secrets: store })
    expect(await keys.resolve({ id: 'openai', kind: 'openai' })).toEqual({
      key: 'sk-from-secret-tool-000000a1',
      source: 'keychain',
      hint: '00a1',
      problem: null
    })
    secretTool(['store', '--label', 'test key', 'service', SERVICE, 'username', 'openai'], 'sk-rotated-by-user-000000b2')
    expect(await keys.resolve({ id: 'openai', kind: 'openai' })).toMatchObject({ key: 'sk-rotated-by-user-000000b2', hint: '00b2' })
  })
})

describe.runIf(RUN && THROWAWAY_PASSWORD !== undefined)('keyring store with the keyring locked', () => {
  const lockAll = () =>
    spawnSync('dbus-send', [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      'org.freedesktop.Secret.Service.Lock',
      'array:objpath:/org/freedesktop/secrets/collection/login'
    ])
  // --replace hands the bus name to a new daemon that unlocks the login keyring with the password.
  const unlockAgain = () =>
    spawnSync('gnome-keyring-daemon', ['--replace', '--unlock', '--components=secrets'], { input: THROWAWAY_PASSWORD, timeout: 10_000 })

  afterAll(async () => {
    unlockAgain()
    // The replacement daemon takes a moment to own the bus name; later files need it unlocked.
    for (let i = 0; i < 50 && !(await store.probe()).ok; i++) await new Promise((r) => setTimeout(r, 100))
  })

  it('says the keyring is locked instead of "no key", and refuses to store elsewhere', async () => {
    await store.set('openai', 'sk-before-lock-0000000000c3')
    expect(lockAll().status).toBe(0)

    await expect(store.get('openai')).rejects.toMatchObject({ code: 'keychain_locked' })
    const probed = await store.probe()
    expect(probed.ok).toBe(false)
    if (!probed.ok) expect(probed.reason).toMatch(/keyring is locked: unlock it/)

    const failure = await store.set('anthropic', 'sk-during-lock-0000000000d4').then(
      () => null,
      (err: unknown) => err as Error & { code: string }
    )
    expect(failure?.code).toBe('keychain_locked')
    expect(failure?.message).not.toContain('sk-during-lock')

    const keys = createKeyResolver({ env: {}, secrets: store })
    expect(await keys.resolve({ id: 'openai', kind: 'openai' })).toMatchObject({ key: null, source: 'none', problem: { code: 'keychain_locked' } })
  })
})
