import { parseArgs } from 'node:util'
import { describe, expect, it } from 'vitest'
import { isUsageError, usageErrorMessage, wantsHelp } from '../../../electron/host/cli-args'

function refusal(args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {}, allowPositionals = true): unknown {
  try {
    parseArgs({ args, options, allowPositionals })
  } catch (err) {
    return err
  }
  throw new Error('parseArgs accepted it')
}

describe('usage errors', () => {
  it('never repeat an argument of a command whose arguments may be secrets', () => {
    const err = refusal(['set', 'openai', '--sk-abc123'])
    expect(isUsageError(err)).toBe(true)
    // What parseArgs itself would have printed: the key.
    expect((err as Error).message).toContain('--sk-abc123')
    const message = usageErrorMessage(err, 'keys', true)
    expect(message).not.toContain('sk-abc123')
    expect(message).toContain('workbench keys --help')
  })

  it('name the unknown option of a command that takes no secrets', () => {
    expect(usageErrorMessage(refusal(['--colour']), 'conversations', false)).toBe('conversations has no option --colour. See: workbench conversations --help')
    expect(usageErrorMessage(refusal(['x'], {}, false), 'models', false)).toBe('models takes no argument "x". See: workbench models --help')
    expect(isUsageError(new Error('disk full'))).toBe(false)
  })

  it('treat --help and -h as help only before a --', () => {
    expect(wantsHelp(['--help'])).toBe(true)
    expect(wantsHelp(['hi', '-h'])).toBe(true)
    expect(wantsHelp(['--', '--help'])).toBe(false)
    expect(wantsHelp(['what is --help-ish'])).toBe(false)
  })
})
