import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { electronSqliteBindingPath } from '../../../electron/main/app-paths'
import {
  bindingPath,
  buildEnv,
  electronVersion,
  main,
  nodeGypArgs,
  prebuildArgs,
  run
} from '../../../scripts/ensure-electron-native.mjs'

const repoRoot = resolve(__dirname, '../../..')
const dirs: string[] = []
function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-native-test-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  vi.restoreAllMocks()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Whether a process still runs; a killed one may linger as a zombie until init reaps it. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z'
  } catch {
    return true
  }
}

function fakeInstall(root: string, version: string): void {
  mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true })
  writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', version }))
}

describe('naming and version lookup', () => {
  it('reads the installed Electron version', () => {
    const installed = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')).version
    expect(electronVersion(repoRoot)).toBe(installed)
  })

  it('returns null when Electron is not installed or its version is not one', () => {
    const root = tempRoot()
    expect(electronVersion(root)).toBeNull()
    fakeInstall(root, 'latest')
    expect(electronVersion(root)).toBeNull()
  })

  it('puts the binding exactly where the main process looks for it', () => {
    expect(bindingPath('/app', '45.4.1')).toBe(electronSqliteBindingPath('/app', '45.4.1'))
    expect(bindingPath('/app', '45.4.1')).toBe(join('/app', '.electron-native', 'better_sqlite3-45.4.1.node'))
  })

  it('asks both build tools for Electron, not Node', () => {
    expect(prebuildArgs('45.4.1', 'arm64')).toEqual(expect.arrayContaining(['--runtime', 'electron', '--target', '45.4.1', '--arch', 'arm64']))
    expect(nodeGypArgs('45.4.1', 'x64')).toEqual(
      expect.arrayContaining(['--target=45.4.1', '--arch=x64', '--runtime=electron', '--dist-url=https://electronjs.org/headers'])
    )
  })

  it("drops npm settings that would make node-gyp build for Node's ABI", () => {
    const env = buildEnv({ PATH: '/bin', npm_config_nodedir: '/usr', npm_config_target: '20.0.0', npm_config_runtime: 'node', npm_config_cache: '/c' })
    expect(env).toEqual({ PATH: '/bin', npm_config_cache: '/c' })
  })
})

describe('main', () => {
  it('succeeds without running anything when both native pieces are present', async () => {
    const root = tempRoot()
    fakeInstall(root, '45.4.1')
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron')
    mkdirSync(join(root, '.electron-native'))
    writeFileSync(bindingPath(root, '45.4.1'), '')
    vi.spyOn(console, 'log').mockImplementation(() => {})
    await expect(main(root, 'x64')).resolves.toBe(0)
  })

  it('fails with a message when Electron is not installed', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
    await expect(main(tempRoot(), 'x64')).resolves.toBe(1)
    expect(lines.join('\n')).toContain('npm install')
  })
})

if (process.platform === 'win32') console.warn('[ensure-electron-native.test] process groups are POSIX-only: the hung-command test is skipped on Windows.')

describe('run', () => {
  it('reports success and failure by exit code', async () => {
    await expect(run(process.execPath, ['-e', ''], { cwd: tmpdir(), timeoutMs: 10_000 })).resolves.toEqual({ ok: true })
    await expect(run(process.execPath, ['-e', 'process.exit(3)'], { cwd: tmpdir(), timeoutMs: 10_000 })).resolves.toEqual({ ok: false, reason: 'exit code 3' })
  })

  it.skipIf(process.platform === 'win32')('kills a hung command and everything it started when time runs out', async () => {
    const root = tempRoot()
    const pidFile = join(root, 'grandchild.pid')
    const script = `
      const { spawn } = require('node:child_process')
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(g.pid))
      setInterval(() => {}, 1000)`
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const started = Date.now()
    const result = await run(process.execPath, ['-e', script], { cwd: root, timeoutMs: 500 })
    expect(result).toEqual({ ok: false, reason: 'killed by SIGKILL' })
    expect(Date.now() - started).toBeLessThan(5000)
    const grandchild = Number(readFileSync(pidFile, 'utf8'))
    await vi.waitFor(() => expect(isRunning(grandchild)).toBe(false), { timeout: 2000 })
  })
})
