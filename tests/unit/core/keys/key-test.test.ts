import { describe, expect, it } from 'vitest'
import { WorkbenchError } from '../../../../shared/errors'
import { createKeyTest } from '../../../../electron/core/keys/key-test'
import { createScrubber } from '../../../../electron/core/secrets/scrub'
import type { ChatProvider } from '../../../../electron/core/llm/types'

const adapter = (listModels: ChatProvider['listModels']): ChatProvider => ({ id: 'openai', kind: 'openai', stream: async function* () {}, listModels })

describe('key test', () => {
  it('lists the models with the key and says how many there are', async () => {
    const test = createKeyTest({ providers: { get: () => adapter(async () => ['gpt-4o', 'gpt-4o-mini']) } })
    expect(await test({ id: 'openai' })).toEqual({ ok: true, message: 'The key works: 2 models available.' })
  })

  it('answers a failure, even an unknown or disabled provider, as a sentence with the key scrubbed out', async () => {
    const scrubber = createScrubber()
    scrubber.register('sk-live-0123456789abcdef')
    const rejected = createKeyTest({ providers: { get: () => adapter(async () => Promise.reject(new Error('401 for key sk-live-0123456789abcdef'))) }, scrubber })
    const result = await rejected({ id: 'openai' })
    expect(result.ok).toBe(false)
    expect(result.message).toContain('401 for key')
    expect(result.message).not.toContain('sk-live-0123456789abcdef')
    const missing = createKeyTest({
      providers: {
        get: () => {
          throw new WorkbenchError('unknown_provider', 'Provider "groq" is disabled. Enable it in Settings.')
        }
      }
    })
    expect(await missing({ id: 'groq' })).toEqual({ ok: false, message: 'Provider "groq" is disabled. Enable it in Settings.' })
  })
})
