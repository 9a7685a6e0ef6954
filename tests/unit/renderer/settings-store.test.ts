import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, type SettingsView } from '../../../shared/types/settings'
import { createClient } from '../../../renderer/src/api/client'
import { createSettingsStore } from '../../../renderer/src/stores/settings'
import { scriptedBridge } from './scripted-bridge'

const view: SettingsView = {
  settings: DEFAULT_SETTINGS,
  providers: DEFAULT_SETTINGS.providers.map((p) => ({ ...p, effectiveBaseUrl: null, baseUrlSource: 'default', keySource: 'none', keyHint: null, keyHold: null })),
  dataDir: '/tmp/wb',
  keyStore: { backend: 'test', available: true, reason: null, alternatives: [] }
}

async function loaded() {
  const { bridge, calls } = scriptedBridge()
  const store = createSettingsStore(createClient(bridge))
  const loading = store.getState().load()
  calls.shift()?.answer({ ok: true, value: view })
  await loading
  return { store, calls }
}

describe('settings store', () => {
  it('sets one value by path and hands the core refusal back to the form, not the page banner', async () => {
    const { store, calls } = await loaded()
    const saving = store.getState().setValue('routes.fast', ['ollama:llama3.2'])
    expect(calls[0]).toMatchObject({ channel: 'settings.set', payload: { key: 'routes.fast', value: ['ollama:llama3.2'] } })
    expect(store.getState().busy['routes.fast']).toBe(true)
    calls[0]?.answer({ ok: false, error: { code: 'invalid_input', message: 'routes.fast.0: expected provider:model', retryable: false } })
    expect(await saving).toBe('routes.fast.0: expected provider:model')
    expect(store.getState()).toMatchObject({ error: null, busy: { 'routes.fast': false } })
  })

  it('saves one provider’s limits and sends every other provider’s limits unchanged', async () => {
    const { store, calls } = await loaded()
    const limits = { requestsPerMinute: 60, tokensPerMinute: null, maxConcurrent: 2 }
    const saving = store.getState().saveLimits('openai', limits)
    const sent = (calls[0]?.payload as { providers: Array<Record<string, unknown>> }).providers
    expect(calls[0]?.channel).toBe('settings.setProviders')
    expect(sent.find((p) => p.id === 'openai')?.limits).toEqual(limits)
    expect(sent.find((p) => p.id === 'ollama')?.limits).toEqual(DEFAULT_SETTINGS.providers[2]!.limits)
    // The input schema is strict: view-only fields must not travel.
    expect(sent[0]).not.toHaveProperty('keySource')
    calls[0]?.answer({ ok: true, value: view })
    expect(await saving).toBeNull()
  })
})
