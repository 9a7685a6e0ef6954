import { describe, expect, it } from 'vitest'
import { isChatModel } from '../../../../electron/core/llm/chat-models'

describe('isChatModel', () => {
  it('refuses embedding models of every naming scheme', () => {
    for (const name of ['nomic-embed-text', 'nomic-embed-text:latest', 'mxbai-embed-large', 'snowflake-arctic-embed:335m', 'text-embedding-3-small', 'text-embedding-ada-002', 'granite-embedding:30m', 'all-minilm:l6-v2', 'bge-m3', 'embed-english-v3.0']) {
      expect(isChatModel(name), name).toBe(false)
    }
  })

  it("refuses OpenAI's audio, image, moderation and legacy completion models", () => {
    for (const name of ['tts-1', 'gpt-4o-mini-tts', 'whisper-1', 'gpt-4o-transcribe', 'dall-e-3', 'gpt-image-1', 'omni-moderation-latest', 'davinci-002', 'babbage-002', 'gpt-4o-realtime-preview', 'sora-2']) {
      expect(isChatModel(name), name).toBe(false)
    }
  })

  it('keeps chat models, including names that merely contain those letters', () => {
    for (const name of ['gpt-4o-mini', 'claude-haiku-4-5', 'llama3.2:1b', 'qwen2.5:0.5b', 'mattsmodel', 'embedded-llama', 'deepseek-r1:7b', 'hf.co/org/model-gguf:q4']) {
      expect(isChatModel(name), name).toBe(true)
    }
  })
})
