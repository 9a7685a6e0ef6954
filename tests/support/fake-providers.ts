import { startFakeAnthropic, type FakeAnthropic } from '../fakes/fake-anthropic'
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama'
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai'

export const OPENAI_TEST_KEY = 'sk-test-openai-0123456789abcdef'
export const ANTHROPIC_TEST_KEY = 'sk-ant-test-0123456789abcdefgh'

export interface FakeProviders {
  openai: FakeOpenAI
  anthropic: FakeAnthropic
  ollama: FakeOllama
  /** The environment that points every door of the workbench at the fakes. */
  env: Record<string, string>
  close(): Promise<void>
}

/** All three provider fakes on loopback, demanding the test keys, with the SDK variables to reach them. */
export async function startFakeProviders(): Promise<FakeProviders> {
  const [openai, anthropic, ollama] = await Promise.all([
    startFakeOpenAI({ apiKey: OPENAI_TEST_KEY }),
    startFakeAnthropic({ apiKey: ANTHROPIC_TEST_KEY }),
    startFakeOllama()
  ])
  return {
    openai,
    anthropic,
    ollama,
    env: {
      OPENAI_BASE_URL: openai.baseUrl,
      OPENAI_API_KEY: OPENAI_TEST_KEY,
      ANTHROPIC_BASE_URL: anthropic.baseUrl,
      ANTHROPIC_API_KEY: ANTHROPIC_TEST_KEY,
      OLLAMA_HOST: ollama.baseUrl
    },
    async close() {
      await Promise.all([openai.close(), anthropic.close(), ollama.close()])
    }
  }
}

/** Resets the scripts between tests so one test's faults never leak into the next. */
export function resetScripts(fakes: FakeProviders, tokens: string[] = ['Hello', ' there', '!']): void {
  for (const fake of [fakes.openai, fakes.anthropic, fakes.ollama]) {
    fake.script.reply = tokens
    fake.script.tokenDelayMs = 0
    fake.script.faults = []
    fake.script.defaultFault = null
    fake.script.faultFor = undefined
    fake.script.tokenGate = undefined
    fake.requests.length = 0
  }
}
