// A fake OpenAI in a process of its own (started by tests/support/fake-in-child.ts), so a benchmark
// that measures one process's event loop does not also measure the fake's work.
import { startFakeOpenAI, type OpenAIScript } from './fake-openai'

const overrides = JSON.parse(process.argv[2] ?? '{}') as Partial<OpenAIScript>
const fake = await startFakeOpenAI(overrides)
// Nobody reads what this fake recorded, and a benchmark sends thousands of large bodies: drop them.
setInterval(() => fake.requests.splice(0), 500).unref()
process.send?.({ baseUrl: fake.baseUrl })
process.on('disconnect', () => void fake.close().finally(() => process.exit(0)))
