import { endOutputQuietlyOnClosedPipe, type CliIo } from './cli-io'
import { runCli } from './cli'
import { trapInterrupts } from './interrupts'
import { openCore } from './open-core'

/** The process entry: Ctrl-C stops the answer in flight (kept as partial) before exiting. */
async function main(): Promise<void> {
  const controller = new AbortController()
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }
  endOutputQuietlyOnClosedPipe(process.stdout)
  endOutputQuietlyOnClosedPipe(process.stderr)
  process.exitCode = await runCli(process.argv.slice(2), io, controller.signal, (env) => {
    const core = openCore(env)
    // Trapped only once the core is open: opening is synchronous, and until it returns the
    // default actions apply, so Ctrl-C and kill end a process stuck there.
    trapInterrupts(controller, process.stderr)
    return core
  })
}

void main()
