import type { Core } from '../core/core'
import { isUsageError, usageErrorMessage, wantsHelp } from './cli-args'
import { writeLine, type CliIo } from './cli-io'
import { packageVersion } from './cli-version'
import { chatCommand } from './commands/chat'
import { configCommand } from './commands/config'
import { conversationsCommand, showCommand } from './commands/conversations'
import { keysCommand } from './commands/keys'
import { modelsCommand } from './commands/models'
import { serveCommand } from './commands/serve'
import { openCore } from './open-core'

type Run = (core: Core, args: string[], io: CliIo, signal: AbortSignal) => Promise<number>

interface CliCommand {
  run: Run
  /** The synopsis, then what it does; `workbench COMMAND --help` prints it, the overview lists them all. */
  usage: string
  /** Its arguments may hold a secret: no message may repeat one. */
  secretArgs?: boolean
}

/** Every command, once: dispatch, `--help` and the overview all read this table. */
const COMMANDS: Record<string, CliCommand> = {
  chat: {
    run: chatCommand,
    usage: `chat [PROMPT] [--model PROVIDER:MODEL] [--route NAME] [--conversation ID] [--idempotency-key KEY] [--json]
    stream an answer; the prompt comes from stdin when omitted. Plain output prints the conversation
    id on stderr, and "served by X" there when another target than the first answered.`
  },
  conversations: { run: conversationsCommand, usage: 'conversations [--search TEXT] [--json]\n    list conversations, newest first' },
  show: { run: showCommand, usage: 'show ID [--json]\n    print one conversation' },
  models: { run: modelsCommand, usage: 'models [--refresh] [--json]\n    the chat models each provider offers (embedding models are left out)' },
  serve: { run: serveCommand, usage: 'serve [--port N]\n    the app in a browser, on 127.0.0.1 with an access token' },
  keys: {
    run: keysCommand,
    secretArgs: true,
    usage: 'keys set|list|remove|test PROVIDER\n    API keys in the OS keychain; set reads the key from stdin or a hidden prompt, never the command line'
  },
  config: {
    run: configCommand,
    usage: `config get [KEY] | config set KEY JSON
    settings by dotted key, e.g. config set routes.default '["openai:gpt-4o-mini","ollama:llama3.2"]'`
  }
}

const OVERVIEW = `usage: workbench <command> [--help]

${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.replace(/\n/g, '\n  ')}`)
  .join('\n')}

  --version   print the version

Data lives in WORKBENCH_HOME if set, else the app's data folder.`

/** Runs one CLI invocation; returns the exit code. Exported for in-process tests. */
export async function runCli(argv: string[], io: CliIo, signal: AbortSignal, open: (env: CliIo['env']) => Core = openCore): Promise<number> {
  const [name, ...args] = argv
  if (name === '--version' || name === '-v' || name === 'version') {
    writeLine(io.stdout, packageVersion())
    return 0
  }
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command || name === undefined) {
    const asked = name === undefined || name === '--help' || name === '-h' || name === 'help'
    writeLine(asked ? io.stdout : io.stderr, OVERVIEW)
    return asked ? 0 : 2
  }
  // Help needs no data directory: it works before the first run, and with a broken one.
  if (wantsHelp(args)) {
    writeLine(io.stdout, `usage: workbench ${command.usage}`)
    return 0
  }
  let core: Core
  try {
    core = open(io.env)
  } catch (err) {
    writeLine(io.stderr, `error: ${(err as Error).message}`)
    return 1
  }
  try {
    return await command.run(core, args, io, signal)
  } catch (err) {
    if (isUsageError(err)) {
      writeLine(io.stderr, `error: ${usageErrorMessage(err, name, command.secretArgs ?? false)}`)
      return 2
    }
    writeLine(io.stderr, `error: ${(err as Error).message}`)
    return 1
  } finally {
    await core.close()
  }
}
