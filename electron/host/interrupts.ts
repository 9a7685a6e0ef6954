import type { Writable } from 'node:stream'

/** How long a SIGTERM may take to end things gracefully before the process exits anyway. */
export const TERM_GRACE_MS = 3000

/**
 * The first Ctrl-C (or SIGTERM) aborts `controller`: an answer in flight is stopped and kept as
 * partial, a server closes. Then the handlers are removed, so the signal's default action is
 * back: a second Ctrl-C or `kill` ends the process at once, from the kernel, even if something
 * keeps the event loop busy. A lone SIGTERM (`timeout`, a service manager) also exits once the
 * grace time has passed, whatever is still pending.
 */
export function trapInterrupts(controller: AbortController, stderr: Writable, exit: (code: number) => void = (code) => process.exit(code)): void {
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    process.removeListener('SIGINT', onInt)
    process.removeListener('SIGTERM', onTerm)
    stderr.write(signal === 'SIGINT' ? '\nstopping… (Ctrl-C again quits at once)\n' : 'stopping…\n')
    controller.abort()
    // unref: a command that finishes within the grace time exits with its own code.
    if (signal === 'SIGTERM') setTimeout(() => exit(143), TERM_GRACE_MS).unref()
  }
  const onInt = () => onSignal('SIGINT')
  const onTerm = () => onSignal('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
}
