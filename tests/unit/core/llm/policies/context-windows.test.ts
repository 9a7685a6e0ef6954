import { describe, expect, it } from 'vitest'
import { contextWindowOf, fitsLarger } from '../../../../../electron/core/llm/policies/context-windows'

const t = (model: string, provider = 'p') => ({ provider, model })

describe('contextWindowOf', () => {
  it.each([
    ['gpt-4o', 128_000],
    ['gpt-4o-mini', 128_000],
    ['gpt-4o-2024-08-06', 128_000],
    ['gpt-4.1', 1_047_576],
    ['gpt-4.1-nano', 1_047_576],
    ['gpt-4', 8_192],
    ['gpt-4-0613', 8_192],
    ['gpt-4-turbo-2024-04-09', 128_000],
    ['o1', 200_000],
    ['o1-mini', 128_000],
    ['o3-mini', 200_000],
    ['claude-3-5-haiku-latest', 200_000],
    ['claude-sonnet-4-5', 200_000],
    ['claude-2.0', 100_000],
    ['llama3.2:1b', 131_072],
    ['llama3:8b', 8_192],
    ['gemma3:1b', 32_768],
    ['gemma3:4b', 131_072],
    ['openai/gpt-4o', 128_000],
    ['GPT-4o', 128_000]
  ])('knows %s has %i tokens', (model, tokens) => {
    expect(contextWindowOf(t(model))).toBe(tokens)
  })

  it.each(['my-finetune', 'o100', 'gpt-4oops', 'llama30'])('does not guess for %s', (model) => {
    expect(contextWindowOf(t(model))).toBeNull()
  })
})

describe('fitsLarger', () => {
  it('accepts a candidate with a larger known window', () => {
    expect(fitsLarger(t('llama3.2:1b', 'ollama'), t('gpt-4.1', 'openai'))).toBe(true)
    expect(fitsLarger(t('gpt-4o', 'openai'), t('claude-sonnet-4-5', 'anthropic'))).toBe(true)
  })

  it('rejects a candidate with a smaller or equal known window (the same model elsewhere)', () => {
    expect(fitsLarger(t('claude-sonnet-4-5', 'anthropic'), t('gpt-4o', 'openai'))).toBe(false)
    expect(fitsLarger(t('gpt-4o', 'openai'), t('gpt-4o', 'azure'))).toBe(false)
  })

  it('tries a candidate when either window is unknown', () => {
    expect(fitsLarger(t('gpt-4o'), t('my-finetune'))).toBe(true)
    expect(fitsLarger(t('my-finetune'), t('llama3:8b'))).toBe(true)
  })
})
