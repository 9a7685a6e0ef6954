import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStore } from '../../electron/core/store/create-store'
import { DEFAULT_SETTINGS } from '../../shared/types/settings'
import { tempHome } from '../support/temp-home'
import { runWorkbench } from '../support/workbench-cli'

// These runs never reach a keychain (the refusal comes first; the environment wins over it), so
// they need no Secret Service. The service name keeps them off a developer's real keys anyway.
const home = tempHome('workbench-cli-keys-')
afterAll(() => home.remove())
const env = {
  PATH: process.env.PATH ?? '',
  HOME: home.dir,
  WORKBENCH_HOME: join(home.dir, 'data'),
  WORKBENCH_KEYRING_SERVICE: `llm-workbench-test-${process.pid}`,
  // No session bus: a keychain lookup fails at once instead of finding a desktop's keyring.
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'
}
const KEY = 'sk-proj-cli-argv-refusal-0123456789abcd'

describe('workbench keys without a keychain', () => {
  it('refuses a key given on the command line, says why and how, and never repeats it', async () => {
    const run = await runWorkbench(['keys', 'set', 'openai', KEY], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('the key was not saved')
    expect(run.stderr).toContain('shell history')
    expect(run.stderr).toContain('workbench keys set openai')
    expect(run.stdout + run.stderr).not.toContain(KEY)
    expect(run.stdout + run.stderr).not.toContain(KEY.slice(-8))
  })

  it('says the environment overrides the keychain when OPENAI_API_KEY is set, showing four characters', async () => {
    const run = await runWorkbench(['keys', 'list'], { ...env, OPENAI_API_KEY: KEY })
    expect(run.code, run.stderr).toBe(0)
    const openai = run.stdout.split('\n').find((l) => l.startsWith('openai '))
    expect(openai).toBe(`openai           set by the environment (…${KEY.slice(-4)}); it overrides the keychain`)
    expect(run.stdout).not.toContain(KEY.slice(0, -4))
    // The keychain is still named, with why it cannot be used here.
    expect(run.stdout).toMatch(/^key store: keychain \(unavailable: /m)
  })

  it('answers a missing provider with usage instead of guessing', async () => {
    const run = await runWorkbench(['keys', 'set'], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('usage: workbench keys set|list|remove|test PROVIDER')
  })

  it('says plainly that safeStorage, chosen in the app, cannot be used from the CLI', async () => {
    // The desktop app saved this choice; the CLI shares its data directory but has no Electron.
    const store = createStore(join(env.WORKBENCH_HOME!, 'workbench.db'))
    store.kv.set('settings', { ...DEFAULT_SETTINGS, keyBackend: 'safe-storage' })
    store.close()

    const list = await runWorkbench(['keys', 'list'], env)
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(/^key store: safe-storage \(unavailable: .*only the desktop app can use/m)
    const set = await runWorkbench(['keys', 'set', 'openai'], env, KEY)
    expect(set.code).toBe(1)
    expect(set.stderr).toContain('only the desktop app can use')
    expect(set.stdout + set.stderr).not.toContain(KEY)
  })
})
