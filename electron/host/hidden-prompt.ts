import type { CliIo } from './cli-io'

/** Reads a line from a TTY without echoing it, so a key never shows on screen or in scrollback. */
export async function readHidden(question: string, io: CliIo): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream
  io.stderr.write(question)
  stdin.setRawMode?.(true)
  stdin.resume()
  let value = ''
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done(resolve, value)
          if (ch === '\u0003') return done(reject, new Error('cancelled'))
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
          else value += ch
        }
      }
      const done = <T>(fn: (v: T) => void, v: T) => {
        stdin.off('data', onData)
        fn(v)
      }
      stdin.on('data', onData)
    })
  } finally {
    stdin.setRawMode?.(false)
    stdin.pause()
    io.stderr.write('\n')
  }
}
