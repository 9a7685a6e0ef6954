import { describe, expect, it, vi } from 'vitest'
import { defaultModel, resolveRoute, type ListModels } from '../../../../electron/core/chat/resolve-route'
import { modelOffered } from '../../../../electron/core/chat/model-offered'
import type { ProviderModels } from '../../../../shared/types/domain'
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/types/settings'

type Kind = ProviderModels['kind']

function offered(provider: string, kind: Kind, models: string[], error: string | null = null): ProviderModels {
  return {
    provider,
    kind,
    models: models.map((model) => ({ ref: `${provider}:${model}`, provider, model, label: model })),
    error: error ? { code: 'x', message: error, retryable: false } : null
  }
}

/** Every provider answers as a machine with both cloud keys and a running Ollama would. */
const EVERYTHING = [
  offered('openai', 'openai', ['gpt-4o', 'gpt-4o-mini']),
  offered('anthropic', 'anthropic', ['claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929']),
  offered('ollama', 'ollama', ['llama3.2:latest', 'qwen2.5:0.5b'])
]

function lists(all: ProviderModels[] = EVERYTHING): ListModels {
  return vi.fn<ListModels>(async (only) => all.filter((l) => !only || only.includes(l.provider)))
}

const settings = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...over })
const refs = async (...args: Parameters<typeof resolveRoute>) => (await resolveRoute(...args)).map((t) => `${t.provider}:${t.model}`)
const disabled = (id: string) => DEFAULT_SETTINGS.providers.map((p) => (p.id === id ? { ...p, enabled: false } : p))

describe('resolving a route: everything is checked before a message is stored', () => {
  it('refuses a picked model on a provider that does not exist, without asking any provider', async () => {
    const list = lists()
    await expect(resolveRoute({ model: 'nosuch:x' }, settings(), list)).rejects.toMatchObject({
      code: 'unknown_provider',
      message: expect.stringMatching(/no provider "nosuch" \(configured: openai, anthropic, ollama\)/)
    })
    expect(list).not.toHaveBeenCalled()
  })

  it('refuses a picked model its provider does not offer, saying what it does offer', async () => {
    await expect(resolveRoute({ model: 'openai:gpt-nope' }, settings(), lists())).rejects.toMatchObject({
      code: 'unknown_model',
      message: 'OpenAI has no chat model "gpt-nope". It offers: gpt-4o, gpt-4o-mini.'
    })
    await expect(resolveRoute({ model: 'ollama:mistral' }, settings(), lists())).rejects.toThrow(/`ollama pull mistral`/)
  })

  it('asks only the picked model’s provider for its list', async () => {
    const list = lists()
    await resolveRoute({ model: 'openai:gpt-4o' }, settings({ routes: { default: ['ollama:qwen2.5:0.5b'] } }), list)
    expect(list).toHaveBeenCalledWith(['openai'])
  })

  it('lets the provider decide when its list is unknown (no key yet, not running)', async () => {
    const down = lists([offered('openai', 'openai', [], 'missing API key'), EVERYTHING[2]!])
    expect(await refs({ model: 'openai:gpt-5' }, settings(), down)).toEqual(['openai:gpt-5', 'ollama:llama3.2:latest'])
  })

  it('refuses a picked model on a disabled provider', async () => {
    await expect(resolveRoute({ model: 'openai:gpt-4o' }, settings({ providers: disabled('openai') }), lists())).rejects.toMatchObject({ code: 'provider_disabled' })
  })

  it('refuses a stored route that names a provider that does not exist (written past the settings check)', async () => {
    const bad = settings({ routes: { default: ['nope:model'], fast: ['openai:gpt-4o', 'gone:m'] } })
    await expect(resolveRoute({}, bad, lists())).rejects.toMatchObject({ code: 'unknown_provider', message: expect.stringContaining('The route "default" names "nope:model"') })
    await expect(resolveRoute({ route: 'fast' }, bad, lists())).rejects.toMatchObject({ code: 'unknown_provider', message: expect.stringContaining('The route "fast" names "gone:m"') })
  })

  it('leaves out targets on a disabled provider, and says so when none is left', async () => {
    const s = settings({ providers: disabled('openai'), routes: { default: ['openai:gpt-4o', 'anthropic:claude-haiku-4-5'], cloud: ['openai:gpt-4o'] } })
    expect(await refs({}, s, lists())).toEqual(['anthropic:claude-haiku-4-5', 'ollama:llama3.2:latest'])
    await expect(resolveRoute({ route: 'cloud' }, s, lists())).rejects.toMatchObject({ code: 'route_disabled' })
  })
})

describe('the default model: one rule for every door', () => {
  it('with cloud keys present and nothing set, is the installed local model (nothing leaves the machine unasked)', async () => {
    expect(await defaultModel(settings(), lists())).toBe('ollama:llama3.2:latest')
  })

  it('is the first target of routes.default when one is set', async () => {
    expect(await defaultModel(settings({ routes: { default: ['anthropic:claude-haiku-4-5', 'ollama:qwen2.5:0.5b'] } }), lists())).toBe('anthropic:claude-haiku-4-5')
  })

  it('is settings.defaultModel when set, ahead of routes.default, which follows it', async () => {
    const s = settings({ defaultModel: 'openai:gpt-4o-mini', routes: { default: ['anthropic:claude-haiku-4-5'] } })
    expect(await defaultModel(s, lists())).toBe('openai:gpt-4o-mini')
    expect(await refs({}, s, lists())).toEqual(['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.2:latest'])
  })

  it('is the first model any provider offers when no local model is installed', async () => {
    const noLocal = lists([EVERYTHING[0]!, EVERYTHING[1]!, offered('ollama', 'ollama', [], 'not running')])
    expect(await defaultModel(settings(), noLocal)).toBe('openai:gpt-4o')
  })

  it('is null when no model is available at all', async () => {
    expect(await defaultModel(settings(), lists([offered('ollama', 'ollama', [], 'not running')]))).toBeNull()
  })

  it('is what a message with no model picked is sent to first', async () => {
    for (const s of [settings(), settings({ routes: { default: ['anthropic:claude-haiku-4-5'] } }), settings({ defaultModel: 'openai:gpt-4o' })]) {
      const [first] = await refs({}, s, lists())
      expect(first).toBe(await defaultModel(s, lists()))
    }
  })
})

describe('a model a person types is the one its provider lists', () => {
  it.each([
    ['ollama', ['llama3.2:latest'], 'llama3.2', true],
    ['ollama', ['llama3.2:1b'], 'llama3.2', false],
    ['anthropic', ['claude-haiku-4-5-20251001'], 'claude-haiku-4-5', true],
    ['anthropic', ['claude-3-5-haiku-20241022'], 'claude-3-5-haiku-latest', true],
    ['anthropic', ['claude-haiku-4-5-20251001'], 'claude-haiku-4', false],
    ['openai', ['gpt-4o-mini'], 'gpt-4o', false]
  ] as const)('%s listing %j offers %s: %s', (kind, listed, model, expected) => {
    expect(modelOffered(kind, listed, model)).toBe(expected)
  })
})
