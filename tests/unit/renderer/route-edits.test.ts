import { describe, expect, it } from 'vitest'
import { addTarget, moveTarget, pickableRoutes, removeTarget, validateRouteName } from '../../../renderer/src/features/routes/route-edits'

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

  it('offers named routes that have targets, not the default one', () => {
    expect(pickableRoutes({ default: ['a:b'], zeta: ['a:b'], alpha: ['a:c'], empty: [] })).toEqual(['alpha', 'zeta'])
  })
})
