import type { Writable } from 'node:stream'
import { WorkbenchError } from '../../shared/errors'
import type { Result } from '../../shared/ipc/contract'

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

export function writeLine(stream: Writable, line: string): void {
  stream.write(`${line}\n`)
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
