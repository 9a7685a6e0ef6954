import type { CliIo } from './cli-io'
import { runCli } from './cli'

/** The process entry: Ctrl-C stops the answer in flight (kept as partial) before exiting. */
async function main(): Promise<void> {
  const controller = new AbortController()
  let interrupts = 0
  process.on('SIGINT', () => {
    if (++interrupts > 1) process.exit(130)
    controller.abort()
  })
  process.on('SIGTERM', () => controller.abort())
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }
  process.exitCode = await runCli(process.argv.slice(2), io, controller.signal)
}

void main()
