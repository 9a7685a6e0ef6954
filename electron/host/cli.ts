import type { Core } from '../core/core'
import { writeLine, type CliIo } from './cli-io'
import { chatCommand } from './commands/chat'
import { configCommand } from './commands/config'
import { conversationsCommand, showCommand } from './commands/conversations'
import { keysCommand } from './commands/keys'
import { serveCommand } from './commands/serve'
import { openCore } from './open-core'

const USAGE = `usage: workbench <command>

  chat [PROMPT] [--model PROVIDER:MODEL] [--route NAME] [--conversation ID] [--idempotency-key KEY] [--json]
                          stream an answer (the prompt comes from stdin when omitted)
  conversations [--json]  list conversations, newest first
  show ID [--json]        print one conversation
  serve [--port N]        the app in a browser, on 127.0.0.1 with an access token
  keys set|list|remove|test PROVIDER
                          API keys in the OS keychain (set reads stdin or a hidden prompt)
  config get [KEY] | config set KEY JSON
                          settings by dotted key, e.g. config set routes.default '["openai:gpt-4o-mini","ollama:llama3.2"]'

Data lives in WORKBENCH_HOME if set, else the app's data folder.`

type Command = (core: Core, args: string[], io: CliIo, signal: AbortSignal) => Promise<number>
const COMMANDS: Record<string, Command> = {
  chat: chatCommand,
  conversations: conversationsCommand,
  show: showCommand,
  serve: serveCommand,
  keys: keysCommand,
  config: configCommand
}

/** Runs one CLI invocation; returns the exit code. Exported for in-process tests. */
export async function runCli(argv: string[], io: CliIo, signal: AbortSignal, open: (env: CliIo['env']) => Core = openCore): Promise<number> {
  const [name, ...args] = argv
  const command = name ? COMMANDS[name] : undefined
  if (!command) {
    writeLine(name && name !== '--help' && name !== 'help' ? io.stderr : io.stdout, USAGE)
    return name && name !== '--help' && name !== 'help' ? 2 : 0
  }
  let core: Core
  try {
    core = open(io.env)
  } catch (err) {
    writeLine(io.stderr, `error: ${(err as Error).message}`)
    return 1
  }
  try {
    return await command(core, args, io, signal)
  } catch (err) {
    const e = err as { code?: string; message: string }
    writeLine(io.stderr, `error: ${e.message}`)
    return e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? 2 : 1
  } finally {
    await core.close()
  }
}
