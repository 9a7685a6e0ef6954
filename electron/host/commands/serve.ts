import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Core } from '../../core/core'
import { writeLine, type CliIo } from '../cli-io'
import { startServer } from '../serve'

/** `workbench serve [--port N]`: the app in a browser, until Ctrl-C. */
export async function serveCommand(core: Core, args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string', short: 'p' }, renderer: { type: 'string' } } })
  const port = values.port ? Number(values.port) : 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    writeLine(io.stderr, `error: --port must be a number from 0 to 65535, not "${values.port}"`)
    return 2
  }
  // The CLI is built to out/main/cli.js; the renderer sits beside it in out/renderer.
  const rendererDir = values.renderer ?? fileURLToPath(new URL('../renderer/', import.meta.url))
  const server = await startServer({ core, rendererDir, port })
  writeLine(io.stdout, `LLM Workbench is serving on ${server.url}`)
  writeLine(io.stdout, 'Open that URL in a browser. Its #token= part is the access token: whoever has the URL has your conversations and can use your keys.')
  writeLine(io.stdout, 'Press Ctrl-C to stop.')
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
  await server.close()
  return 0
}
