import type { Writable } from 'node:stream'
import { WorkbenchError } from '../../shared/errors'
import type { Result } from '../../shared/ipc/contract'
import { terminalSafe } from './terminal-text'

/** Where a command writes; injected so tests can run commands in-process. */
export interface CliIo {
  stdout: Writable
  stderr: Writable
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  env: Record<string, string | undefined>
}

/** Unwraps a dispatch() result the way the renderer does: errors become WorkbenchError. */
export function unwrap<T>(result: Result<unknown>): T {
  if (result.ok) return result.value as T
  throw new WorkbenchError(result.error.code, result.error.message, { retryable: result.error.retryable })
}

/** One line of text for a person: control characters in it (a title, a model's error) are shown, not obeyed. */
export function writeLine(stream: Writable, line: string): void {
  stream.write(`${terminalSafe(line)}\n`)
}

/**
 * One JSON line for a program. JSON.stringify escapes C0 but leaves DEL and C1 raw; escaping
 * them too keeps the value identical and the line harmless if it lands on a terminal.
 */
export function writeJson(stream: Writable, value: unknown, indent?: number): void {
  stream.write(`${JSON.stringify(value, null, indent).replace(/[\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`)
}

/**
 * A reader that went away (`workbench conversations | head -1`) ends the output, not the work:
 * writes after EPIPE are dropped, so an answer still streams to the end and is stored complete.
 */
export function endOutputQuietlyOnClosedPipe(stream: Writable): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return
    throw err
  })
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
