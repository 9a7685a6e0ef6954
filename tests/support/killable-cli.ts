import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

const BIN = resolve(__dirname, '../../bin/workbench.mjs')

/** A CLI run the test can kill at any moment. */
export interface KillableCli {
  child: ChildProcess
  /** Everything printed to stdout so far. */
  stdout(): string
  stderr(): string
  /** Settles when the process is gone: its exit code, or the signal that killed it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGKILL if still running; true when this call is what ended it. */
  kill(): boolean
}

/** Starts the built CLI as `npx workbench` does, with exactly `env` and an empty stdin. */
export function spawnWorkbench(args: string[], env: Record<string, string>): KillableCli {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => (stderr += d))
  child.stdin!.end('')
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
    child.once('error', fail)
    // 'close' waits for stdout to drain too, so stdout() is complete once this settles.
    child.once('close', (code, signal) => done({ code, signal }))
  })
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill: () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')
  }
}
