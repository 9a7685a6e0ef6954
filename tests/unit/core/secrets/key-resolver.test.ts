import { describe, expect, it } from 'vitest'
import { WorkbenchError } from '../../../../shared/errors'
import { createKeyResolver, missingKeyMessage } from '../../../../electron/core/secrets/key-resolver'
import { createScrubber } from '../../../../electron/core/secrets/scrub'
import { MemorySecretStore, type SecretStore } from '../../../../electron/core/secrets/secret-store'

const openai = { id: 'openai', kind: 'openai' } as const
const anthropic = { id: 'anthropic', kind: 'anthropic' } as const

/** A store whose keyring is locked: every read fails the way KeyringSecretStore reports it. */
class LockedStore extends MemorySecretStore implements SecretStore {
  override async get(): Promise<string | null> {
    throw new WorkbenchError('keychain_locked', 'The system keyring is locked: unlock it and try again.')
  }
}

describe('key resolver', () => {
  it('prefers the environment over the keychain for the built-in providers', async () => {
    const secrets = new MemorySecretStore()
    await secrets.set('openai', 'sk-keychain-000000000000aaaa')
    await secrets.set('anthropic', 'sk-ant-keychain-0000000bbbb')
    const env = { OPENAI_API_KEY: 'sk-env-1111111111111111cccc', ANTHROPIC_API_KEY: 'sk-ant-env-111111111dddd' }
    const keys = createKeyResolver({ env, secrets })

    expect(await keys.resolve(openai)).toEqual({ key: env.OPENAI_API_KEY, source: 'env', hint: 'cccc', problem: null })
    expect(await keys.resolve(anthropic)).toMatchObject({ key: env.ANTHROPIC_API_KEY, source: 'env', hint: 'dddd' })
  })

  it('falls back to the keychain when the variable is unset, empty or blank', async () => {
    const secrets = new MemorySecretStore()
    await secrets.set('openai', 'sk-keychain-000000000000aaaa')
    for (const value of [undefined, '', '  \n']) {
      const keys = createKeyResolver({ env: { OPENAI_API_KEY: value }, secrets })
      expect(await keys.resolve(openai)).toMatchObject({ key: 'sk-keychain-000000000000aaaa', source: 'keychain', hint: 'aaaa' })
    }
  })

  it('uses a key replaced in the keychain on the very next call', async () => {
    const secrets = new MemorySecretStore()
    const keys = createKeyResolver({ env: {}, secrets })
    await secrets.set('openai', 'sk-first-key-0000000000001111')
    expect((await keys.resolve(openai)).key).toBe('sk-first-key-0000000000001111')
    await secrets.set('openai', 'sk-second-key-000000000002222')
    expect(await keys.resolve(openai)).toMatchObject({ key: 'sk-second-key-000000000002222', hint: '2222' })
    await secrets.delete('openai')
    expect(await keys.resolve(openai)).toEqual({ key: null, source: 'none', hint: null, problem: null })
  })

  it('sees a variable set in the environment object after it was created', async () => {
    const env: Record<string, string | undefined> = {}
    const keys = createKeyResolver({ env, secrets: new MemorySecretStore() })
    expect((await keys.resolve(openai)).source).toBe('none')
    env.OPENAI_API_KEY = 'sk-late-00000000000000003333'
    expect(await keys.resolve(openai)).toMatchObject({ source: 'env', hint: '3333' })
  })

  it('says Ollama needs no key without asking the keychain', async () => {
    const keys = createKeyResolver({ env: {}, secrets: new LockedStore() })
    expect(await keys.resolve({ id: 'ollama', kind: 'ollama' })).toEqual({ key: null, source: 'not-needed', hint: null, problem: null })
  })

  it('gives OpenAI-compatible providers their keychain key only, never OPENAI_API_KEY', async () => {
    const secrets = new MemorySecretStore()
    const env = { OPENAI_API_KEY: 'sk-env-1111111111111111cccc' }
    const keys = createKeyResolver({ env, secrets })
    const groq = { id: 'groq', kind: 'openai-compatible' } as const
    expect(await keys.resolve(groq)).toMatchObject({ key: null, source: 'none' })
    await secrets.set('groq', 'gsk_compatible_key_99999eeee')
    expect(await keys.resolve(groq)).toMatchObject({ key: 'gsk_compatible_key_99999eeee', source: 'keychain', hint: 'eeee' })
  })

  it('applies the variable only to the built-in provider, not to a second account of that kind', async () => {
    const secrets = new MemorySecretStore()
    await secrets.set('openai-work', 'sk-work-account-00000000ffff')
    const keys = createKeyResolver({ env: { OPENAI_API_KEY: 'sk-env-1111111111111111cccc' }, secrets })
    expect(await keys.resolve({ id: 'openai-work', kind: 'openai' })).toMatchObject({ source: 'keychain', hint: 'ffff' })
  })

  it('trims a pasted newline and gives no hint for a key too short to hint at', async () => {
    const secrets = new MemorySecretStore()
    await secrets.set('openai', 'short-key\n')
    const keys = createKeyResolver({ env: {}, secrets })
    expect(await keys.resolve(openai)).toEqual({ key: 'short-key', source: 'keychain', hint: null, problem: null })
  })

  it('reports a locked keychain as the reason there is no key instead of throwing', async () => {
    const keys = createKeyResolver({ env: {}, secrets: new LockedStore() })
    const resolved = await keys.resolve(openai)
    expect(resolved).toMatchObject({ key: null, source: 'none', hint: null })
    expect(resolved.problem).toMatchObject({ code: 'keychain_locked', retryable: false })
    expect(missingKeyMessage(openai, resolved)).toMatch(/keyring is locked/)
  })

  it('names the setting and the variable when a key is missing', async () => {
    const keys = createKeyResolver({ env: {}, secrets: new MemorySecretStore() })
    const message = missingKeyMessage({ ...openai, label: 'OpenAI' }, await keys.resolve(openai))
    expect(message).toBe('No API key for OpenAI: add one in Settings or set OPENAI_API_KEY in the environment.')
  })

  it('registers every key it hands out with the scrubber', async () => {
    const scrubber = createScrubber()
    const secrets = new MemorySecretStore()
    await secrets.set('groq', 'gsk_compatible_key_99999eeee')
    const keys = createKeyResolver({ env: { ANTHROPIC_API_KEY: 'plainenvkeywithoutprefix' }, secrets, scrubber })
    await keys.resolve({ id: 'groq', kind: 'openai-compatible' })
    await keys.resolve(anthropic)
    expect(scrubber.scrub('got gsk_compatible_key_99999eeee and plainenvkeywithoutprefix')).toBe('got [redacted] and [redacted]')
  })
})
