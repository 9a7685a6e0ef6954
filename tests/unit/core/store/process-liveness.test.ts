import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { tmpdir, uptime } from 'node:os'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { currentProcessOwner, isProcessAlive, START_TOLERANCE_MS } from '../../../../electron/core/store/process-liveness'
import { useChildProcesses } from './child-process'

const children = useChildProcesses()

describe('currentProcessOwner', () => {
  it('names this process and when it started, in whole ms', () => {
    const before = Date.now() - process.uptime() * 1000
    const owner = currentProcessOwner()
    const after = Date.now() - process.uptime() * 1000
    expect(owner.pid).toBe(process.pid)
    expect(Number.isInteger(owner.startedAt)).toBe(true)
    expect(owner.startedAt).toBeGreaterThanOrEqual(Math.floor(Math.min(before, after)) - 1)
    expect(owner.startedAt).toBeLessThanOrEqual(Math.ceil(Math.max(before, after)) + 1)
  })
})

describe('isProcessAlive', () => {
  it('knows the current process is alive', () => {
    expect(isProcessAlive(currentProcessOwner())).toBe(true)
  })

  it('treats the current pid with another start time as an earlier process whose pid was reused', () => {
    const { pid, startedAt } = currentProcessOwner()
    expect(isProcessAlive({ pid, startedAt: startedAt - START_TOLERANCE_MS - 1_000 })).toBe(false)
    expect(isProcessAlive({ pid, startedAt: startedAt + START_TOLERANCE_MS + 1_000 })).toBe(false)
  })

  it('knows a running child process is alive', async () => {
    const child = await children.alive()
    expect(isProcessAlive({ pid: child.pid, startedAt: child.spawnedAt })).toBe(true)
  })

  it('knows a child process that exited is dead', async () => {
    const child = await children.exited()
    expect(isProcessAlive({ pid: child.pid, startedAt: child.spawnedAt })).toBe(false)
  })

  it('knows a child process is dead once killed', async () => {
    const child = await children.alive()
    await child.kill()
    expect(isProcessAlive({ pid: child.pid, startedAt: child.spawnedAt })).toBe(false)
  })

  it('treats an owner that started before the machine booted as dead, even when its pid is in use now', async () => {
    const child = await children.alive()
    const bootedAt = Date.now() - uptime() * 1000
    expect(isProcessAlive({ pid: child.pid, startedAt: bootedAt - START_TOLERANCE_MS - 60_000 })).toBe(false)
  })

  it('never treats 0 or a negative pid (process groups for kill) as an owner', () => {
    const { startedAt } = currentProcessOwner()
    expect(isProcessAlive({ pid: 0, startedAt })).toBe(false)
    expect(isProcessAlive({ pid: -process.pid, startedAt })).toBe(false)
    expect(isProcessAlive({ pid: 1.5, startedAt })).toBe(false)
  })
})

describe('isProcessAlive across users', () => {
  it('treats a process it may not signal (EPERM: another user) as alive', async () => {
    // The check must run as a user other than pid 1's owner (root); as root, drop to nobody.
    const source = readFileSync(new URL('../../../../electron/core/store/process-liveness.ts', import.meta.url), 'utf8')
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } })
    const probe = `${outputText}\nprocess.stdout.write(JSON.stringify(exports.isProcessAlive({ pid: 1, startedAt: Date.now() })))`
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
    const child = spawn(process.execPath, ['-e', probe], { ...asNobody, cwd: tmpdir(), stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
    expect(out).toBe('true')
  })
})
