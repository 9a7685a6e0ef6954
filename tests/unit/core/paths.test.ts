import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureDataDir } from '../../../electron/core/paths'
import { tempHome } from '../../support/temp-home'

const homes: Array<ReturnType<typeof tempHome>> = []
afterEach(() => {
  for (const h of homes.splice(0)) h.remove()
})
function temp(): string {
  const h = tempHome('workbench-paths-')
  homes.push(h)
  return h.dir
}

describe('ensureDataDir', () => {
  it('creates every missing level, private to the user, and accepts one that exists', () => {
    const dir = join(temp(), 'a', 'b', 'c')
    ensureDataDir(dir)
    expect(statSync(dir).isDirectory()).toBe(true)
    if (process.platform !== 'win32') expect(statSync(dir).mode & 0o077).toBe(0)
    expect(() => ensureDataDir(dir)).not.toThrow()
  })

  it('says which file stands where a folder should be', () => {
    const root = temp()
    writeFileSync(join(root, 'file'), '')
    expect(() => ensureDataDir(join(root, 'file', 'x', 'y'))).toThrow(expect.objectContaining({ code: 'data_dir_unusable', message: expect.stringContaining(`${join(root, 'file')} is not a folder`) }))
  })

  it.skipIf(process.platform !== 'linux')('fails at once on a path the kernel refuses, where a recursive mkdir spins forever', () => {
    expect(() => ensureDataDir('/proc/nope/x')).toThrow(/The data folder \/proc\/nope\/x cannot be used: creating \/proc\/nope failed \(ENOENT\)/)
  })

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('says so when the parent cannot be written', () => {
    const root = temp()
    mkdirSync(join(root, 'locked'), { mode: 0o500 })
    expect(() => ensureDataDir(join(root, 'locked', 'data'))).toThrow(/creating .*locked\/data failed \(EACCES\)/)
  })
})
