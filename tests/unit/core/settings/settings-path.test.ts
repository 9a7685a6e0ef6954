import { describe, expect, it } from 'vitest'
import { getByPath, setByPath } from '../../../../electron/core/settings/settings-path'

describe('settings paths', () => {
  const settings = { routes: { default: ['openai:a'] }, providers: [{ id: 'openai', limits: { maxConcurrent: 4 } }] }

  it('reads and writes nested values without touching the original', () => {
    const next = setByPath(settings, 'routes.fast', ['ollama:b'])
    expect(getByPath(next, 'routes.fast')).toEqual(['ollama:b'])
    expect(getByPath(settings, 'routes.fast')).toBeUndefined()
  })

  it('walks into arrays by index', () => {
    expect(getByPath(setByPath(settings, 'providers.0.limits.maxConcurrent', 1), 'providers.0.limits.maxConcurrent')).toBe(1)
  })

  it('refuses keys that could reach the prototype', () => {
    for (const key of ['__proto__.polluted', 'routes.constructor.x', 'a..b', '']) expect(() => setByPath(settings, key, 1)).toThrow(/not a settings key/)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
