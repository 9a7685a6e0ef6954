import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'rolldown'

/** A fake provider running in a child process; `close` ends it. */
export interface ChildFake {
  baseUrl: string
  close(): Promise<void>
}

/**
 * Bundles a TypeScript fake entry (e.g. tests/fakes/fake-openai-process.ts) with rolldown and forks
 * it with plain Node: the fakes are TypeScript, and Node 20 cannot run TypeScript by itself.
 */
export async function startFakeInChild(entry: string, overrides: unknown): Promise<ChildFake> {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-fake-'))
  const file = join(dir, 'fake.mjs')
  await build({ input: resolve(entry), platform: 'node', output: { file, format: 'esm' }, logLevel: 'silent' })
  const child = fork(file, [JSON.stringify(overrides)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const baseUrl = await new Promise<string>((ok, fail) => {
    child.once('message', (m) => ok((m as { baseUrl: string }).baseUrl))
    child.once('exit', (code) => fail(new Error(`the fake in ${entry} exited with ${code} before listening`)))
  })
  return {
    baseUrl,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.disconnect()
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
