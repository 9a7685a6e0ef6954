import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { electronSqliteBindingPath } from '../../../electron/main/app-paths'
import {
  bindingPath,
  buildEnv,
  causeIn,
  electronBinaryPresent,
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
  vi.useRealTimers()
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

/** What Electron's installer leaves when it finished: path.txt naming the executable under dist/. */
function fakeBinary(root: string): void {
  mkdirSync(join(root, 'node_modules', 'electron', 'dist'), { recursive: true })
  writeFileSync(join(root, 'node_modules', 'electron', 'dist', 'electron'), '')
  writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron')
}

/** Runs a copy of the script whose root is `root`, as `npm start` runs it; everything it prints, both streams. */
function runScriptIn(root: string): Promise<{ code: number | null; output: string }> {
  mkdirSync(join(root, 'scripts'), { recursive: true })
  copyFileSync(join(repoRoot, 'scripts', 'ensure-electron-native.mjs'), join(root, 'scripts', 'ensure-electron-native.mjs'))
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'ensure-electron-native.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', reject)
    child.on('close', (code) => done({ code, output }))
  })
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
  it('counts the Electron binary as present only when the file path.txt names exists', () => {
    const root = tempRoot()
    fakeInstall(root, '45.4.1')
    expect(electronBinaryPresent(root, {})).toBe(false)
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron')
    expect(electronBinaryPresent(root, {})).toBe(false)
    fakeBinary(root)
    expect(electronBinaryPresent(root, {})).toBe(true)
  })

  it('succeeds without running anything when both native pieces are present', async () => {
    const root = tempRoot()
    fakeInstall(root, '45.4.1')
    fakeBinary(root)
    mkdirSync(join(root, '.electron-native'))
    writeFileSync(bindingPath(root, '45.4.1'), '')
    vi.spyOn(console, 'log').mockImplementation(() => {})
    await expect(main(root, 'x64')).resolves.toBe(0)
  })

  it('stops at a failed Electron download with two lines, what happened and what to run instead', async () => {
    const root = tempRoot()
    fakeInstall(root, '45.4.1')
    // Electron's installer as it fails offline: a stack trace, exit 1.
    writeFileSync(
      join(root, 'node_modules', 'electron', 'install.js'),
      "console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13\\n    at async downloadArtifact (index.js:154:12)'); process.exit(1)"
    )
    // The SQLite step must never start: its tools would print dozens of gyp ERR! lines.
    const marker = join(root, 'prebuild-ran')
    mkdirSync(join(root, 'node_modules', 'prebuild-install'), { recursive: true })
    writeFileSync(join(root, 'node_modules', 'prebuild-install', 'bin.js'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, ''); console.error('gyp ERR! stack')`)
    mkdirSync(join(root, 'node_modules', 'better-sqlite3'), { recursive: true })

    const { code, output } = await runScriptIn(root)
    expect(code).toBe(1)
    const lines = output.trim().split('\n')
    expect(lines, output).toHaveLength(2)
    expect(lines[0]).toMatch(/Electron 45\.4\.1 .*without its binary.*downloading it failed \(fetch failed/)
    expect(lines[1]).toContain('npx workbench serve')
    expect(output).not.toMatch(/TypeError|    at |gyp ERR!/)
    expect(existsSync(marker)).toBe(false)
    // The tool's own words are kept for whoever wants them.
    expect(readFileSync(join(root, '.electron-native', 'setup.log'), 'utf8')).toContain('TypeError: fetch failed')
  })

  it('finds the cause in a tool\'s output, past the stack frames', () => {
    expect(causeIn('TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n')).toBe('fetch failed')
    expect(causeIn('\n')).toBeNull()
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
    // Written under another name and renamed, so a reader never sees half a pid.
    const script = `
      const { spawn } = require('node:child_process')
      const fs = require('node:fs')
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
      fs.writeFileSync(${JSON.stringify(`${pidFile}.tmp`)}, String(g.pid))
      fs.renameSync(${JSON.stringify(`${pidFile}.tmp`)}, ${JSON.stringify(pidFile)})
      setInterval(() => {}, 1000)`
    vi.spyOn(console, 'log').mockImplementation(() => {})
    // The time limit runs on a fake clock: it runs out only once the grandchild exists, however
    // long a busy machine takes to start two Node processes.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const pending = run(process.execPath, ['-e', script], { cwd: root, timeoutMs: 500 })
    while (!existsSync(pidFile)) await sleep(20)
    const grandchild = Number(readFileSync(pidFile, 'utf8'))
    expect(isRunning(grandchild)).toBe(true)
    vi.advanceTimersByTime(500)
    await expect(pending).resolves.toEqual({ ok: false, reason: 'killed by SIGKILL' })
    vi.useRealTimers()
    await vi.waitFor(() => expect(isRunning(grandchild)).toBe(false), { timeout: 10_000, interval: 50 })
  })
})
