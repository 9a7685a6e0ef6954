import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSettingsService } from '../../../../electron/core/settings/settings-service'
import { createStore } from '../../../../electron/core/store/create-store'
import type { Store } from '../../../../electron/core/store/types'
import { DEFAULT_SETTINGS } from '../../../../shared/types/settings'
import { tempHome } from '../../../support/temp-home'

let home: ReturnType<typeof tempHome>
let store: Store
const service = () => createSettingsService({ kv: store.kv })

beforeEach(() => {
  home = tempHome()
  store = createStore(join(home.dir, 'workbench.db'))
})
afterEach(() => {
  store.close()
  home.remove()
})

describe('settings that point at each other', () => {
  it('refuses a route target on a provider that does not exist, saying which and what is configured', () => {
    const settings = service()
    expect(() => settings.set('routes.default', ['nope:model'])).toThrow(
      'Settings were not saved: routes.default names "nope:model", but there is no provider "nope" (configured: openai, anthropic, ollama); add the provider first or remove the target from the route.'
    )
    expect(() => settings.setDefaultModel('nope:model')).toThrow(/defaultModel names "nope:model"/)
    expect(() => settings.set('targetTimeouts', { 'nope:m': { idleMs: 5_000 } })).toThrow(/targetTimeouts names "nope:m"/)
    expect(settings.get()).toEqual(DEFAULT_SETTINGS)
  })

  it('accepts a target on a configured provider that is disabled: it can be enabled again', () => {
    const settings = service()
    settings.setProviders(DEFAULT_SETTINGS.providers.map((p) => (p.id === 'openai' ? { ...p, enabled: false } : p)))
    expect(settings.set('routes.default', ['openai:gpt-4o-mini', 'ollama:llama3.2']).routes.default).toEqual(['openai:gpt-4o-mini', 'ollama:llama3.2'])
  })

  it('refuses an empty provider list, and one that drops a provider a route still uses', () => {
    const settings = service()
    expect(() => settings.setProviders([])).toThrow(/at least one provider is needed/)
    settings.set('routes.fast', ['anthropic:claude-haiku-4-5'])
    expect(() => settings.setProviders(DEFAULT_SETTINGS.providers.filter((p) => p.id !== 'anthropic'))).toThrow(/routes\.fast names "anthropic:claude-haiku-4-5", but there is no provider "anthropic"/)
    // Dropping a provider nothing uses is fine.
    expect(settings.setProviders(DEFAULT_SETTINGS.providers.filter((p) => p.id !== 'openai')).providers.map((p) => p.id)).toEqual(['anthropic', 'ollama'])
  })

  it('still lets a database that already holds a bad reference be repaired one key at a time', () => {
    store.kv.set('settings', { ...DEFAULT_SETTINGS, routes: { default: ['nope:model'] } })
    const settings = service()
    expect(settings.set('timeouts.idleMs', 45_000).timeouts.idleMs).toBe(45_000)
    expect(settings.set('routes.default', ['ollama:llama3.2']).routes.default).toEqual(['ollama:llama3.2'])
  })
})

describe('settings by key', () => {
  it.each(['nosuch.key', 'timeouts.bogus', 'providers.0.bogus'])('refuses %s with the list of keys there are, and saves nothing', (key) => {
    const settings = service()
    const changed = vi.fn()
    settings.onChange(changed)
    expect(() => settings.set(key, 1)).toThrow(
      `"${key}" is not a setting. Settings: providers, defaultModel, routes, routes.<route name>, timeouts, timeouts.connectMs, timeouts.firstTokenMs, timeouts.idleMs, timeouts.totalMs, targetTimeouts, targetTimeouts.<provider:model>, keyBackend.`
    )
    expect(changed).not.toHaveBeenCalled()
  })

  it('names the field and the limit in words when a value does not fit', () => {
    expect(() => service().set('timeouts.idleMs', 5)).toThrow('Settings were not saved: "timeouts.idleMs" must be at least 100.')
  })

  it('says so when it replaces stored settings it cannot read, and keeps them aside', () => {
    store.kv.set('settings', { ...DEFAULT_SETTINGS, providers: 'nonsense' })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(service().get()).toEqual(DEFAULT_SETTINGS)
    const said = String(warn.mock.calls[0]?.[0])
    warn.mockRestore()
    expect(said).toContain('"providers" must be a list')
    const aside = /kept as "(settings\.invalid\.\d+)"/.exec(said)?.[1]
    expect(store.kv.get(aside!)).toMatchObject({ providers: 'nonsense' })
  })
})
