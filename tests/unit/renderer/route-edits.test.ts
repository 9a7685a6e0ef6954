import { describe, expect, it } from 'vitest'
import { addTarget, moveTarget, removeTarget, validateRouteName } from '../../../renderer/src/features/routes/route-edits'
import { expectedTargets, localTargets, pickableRoutes } from '../../../renderer/src/features/routes/route-plan'

const route = ['openai:gpt-4o-mini', 'anthropic:claude-haiku', 'ollama:llama3.2']

describe('route edits', () => {
  it('moves a target up or down and leaves the ends alone', () => {
    expect(moveTarget(route, 1, -1)).toEqual(['anthropic:claude-haiku', 'openai:gpt-4o-mini', 'ollama:llama3.2'])
    expect(moveTarget(route, 1, 1)).toEqual(['openai:gpt-4o-mini', 'ollama:llama3.2', 'anthropic:claude-haiku'])
    expect(moveTarget(route, 0, -1)).toEqual(route)
    expect(moveTarget(route, 2, 1)).toEqual(route)
  })

  it('removes a target and refuses to add one twice or past the limit', () => {
    expect(removeTarget(route, 0)).toEqual(['anthropic:claude-haiku', 'ollama:llama3.2'])
    expect(addTarget(route, 'ollama:qwen')).toEqual({ targets: [...route, 'ollama:qwen'] })
    expect(addTarget(route, 'ollama:llama3.2')).toMatchObject({ problem: expect.stringContaining('already') })
    const full = Array.from({ length: 16 }, (_, i) => `ollama:m${i}`)
    expect(addTarget(full, 'ollama:one-more')).toMatchObject({ problem: expect.stringContaining('16') })
  })

  it('accepts only names the settings schema accepts, once', () => {
    expect(validateRouteName('cheap-first', ['default'])).toBeNull()
    expect(validateRouteName('Cheap', [])).toMatch(/lowercase/)
    expect(validateRouteName('', [])).toMatch(/lowercase/)
    expect(validateRouteName('fast', ['fast'])).toMatch(/already exists/)
  })
})

describe('route plan', () => {
  it('puts the picked model before the default route, and uses a named route as written', () => {
    const settings = { routes: { default: ['anthropic:claude-haiku', 'openai:gpt-4o-mini'], fast: ['ollama:llama3.2'] }, defaultModel: null }
    expect(expectedTargets('openai:gpt-4o-mini', '', settings)).toEqual(['openai:gpt-4o-mini', 'anthropic:claude-haiku'])
    expect(expectedTargets(null, 'fast', settings)).toEqual(['ollama:llama3.2'])
    expect(expectedTargets(null, '', { routes: {}, defaultModel: 'openai:gpt-4o' })).toEqual(['openai:gpt-4o'])
  })

  it('offers named routes that have targets, not the default one', () => {
    expect(pickableRoutes({ default: ['a:b'], zeta: ['a:b'], alpha: ['a:c'], empty: [] })).toEqual(['alpha', 'zeta'])
  })
})

describe('route plan with a local model', () => {
  const providers = [
    { provider: 'openai', kind: 'openai' as const, models: [{ ref: 'openai:gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini', label: 'gpt-4o-mini' }], error: null },
    { provider: 'ollama', kind: 'ollama' as const, models: [{ ref: 'ollama:llama3.2:1b', provider: 'ollama', model: 'llama3.2:1b', label: 'llama3.2:1b' }], error: null }
  ]

  it('expects the installed local model after the default route, unless the route has one already', () => {
    const local = localTargets(providers)
    expect(local).toEqual({ model: 'ollama:llama3.2:1b', providers: ['ollama'] })
    expect(expectedTargets('openai:gpt-4o-mini', '', { routes: {}, defaultModel: null }, local)).toEqual(['openai:gpt-4o-mini', 'ollama:llama3.2:1b'])
    expect(expectedTargets(null, '', { routes: { default: ['ollama:qwen3'] }, defaultModel: null }, local)).toEqual(['ollama:qwen3'])
    expect(expectedTargets(null, 'fast', { routes: { fast: ['openai:gpt-4o-mini'] }, defaultModel: null }, local)).toEqual(['openai:gpt-4o-mini'])
  })
})
