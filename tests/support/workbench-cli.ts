import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const BIN = resolve(__dirname, '../../bin/workbench.mjs')

/** What one CLI run printed, and how it ended. */
export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the built CLI as `npx workbench` does, with exactly `env` (nothing inherited but NODE_ENV=test) and `stdin` piped in. */
export function runWorkbench(args: string[], env: Record<string, string>, stdin = ''): Promise<CliRun> {
  return new Promise((done, reject) => {
    // NODE_ENV=test: the core parses every result and event against the contract (contract-check.ts).
    const child = spawn(process.execPath, [BIN, ...args], { env: { NODE_ENV: 'test', ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

/**
 * The variables a child needs to reach the session's Secret Service (scripts/with-keyring.sh
 * sets them), and nothing else from this process: above all no OPENAI_API_KEY.
 */
export function keyringEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' }
  for (const name of ['HOME', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME']) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return env
}
