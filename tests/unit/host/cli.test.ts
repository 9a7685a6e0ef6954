import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { Core } from '../../../electron/core/core'
import { runCli } from '../../../electron/host/cli'
import type { CliIo } from '../../../electron/host/cli-io'

function io(): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d) => (out += d))
  stderr.on('data', (d) => (err += d))
  return { stdout, stderr, stdin: new PassThrough(), env: {}, out: () => out, err: () => err }
}

// Help and the version must work before the first run and with a broken data folder.
const noCore = (): Core => {
  throw new Error('the core was opened')
}

describe('runCli', () => {
  it('prints every command\'s usage for --help and -h, without opening the core', async () => {
    for (const command of ['chat', 'conversations', 'show', 'models', 'serve', 'keys', 'config']) {
      for (const flag of ['--help', '-h']) {
        const streams = io()
        await expect(runCli([command, flag], streams, new AbortController().signal, noCore)).resolves.toBe(0)
        expect(streams.out()).toMatch(new RegExp(`^usage: workbench ${command} `))
        expect(streams.err()).toBe('')
      }
    }
  })

  it('prints the overview for --help, and on stderr with exit 2 for an unknown command', async () => {
    const asked = io()
    await expect(runCli(['--help'], asked, new AbortController().signal, noCore)).resolves.toBe(0)
    expect(asked.out()).toContain('models [--refresh] [--json]')
    const unknown = io()
    await expect(runCli(['constructor'], unknown, new AbortController().signal, noCore)).resolves.toBe(2)
    expect(unknown.err()).toContain('usage: workbench <command>')
  })

  it('prints the version of package.json', async () => {
    const streams = io()
    await expect(runCli(['--version'], streams, new AbortController().signal, noCore)).resolves.toBe(0)
    expect(streams.out().trim()).toBe((JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version)
  })
})
