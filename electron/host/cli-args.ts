/** `--help` or `-h` anywhere before a `--` (after it, the words are the prompt's). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h')
}

/** The codes node:util parseArgs gives a command line it cannot read: a usage error, exit 2. */
const PARSE_ERRORS = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'])

export function isUsageError(err: unknown): boolean {
  return PARSE_ERRORS.has((err as { code?: string } | null)?.code ?? '')
}

/**
 * A sentence for a command line parseArgs refused. parseArgs repeats the offending word; for a
 * command whose arguments may be secrets (`keys set openai --sk-…`) that would print the key
 * into the terminal's scrollback, so those get a message that repeats nothing they were given.
 */
export function usageErrorMessage(err: unknown, command: string, secretArgs: boolean): string {
  const { code, message } = err as { code?: string; message: string }
  if (secretArgs) return `${command} takes no options; its arguments are not repeated here, in case one is a key. See: workbench ${command} --help`
  const word = /'([^']*)'/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && word) return `${command} has no option ${word}. See: workbench ${command} --help`
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && word) return `${command} takes no argument "${word}". See: workbench ${command} --help`
  return `${message.replace(/\.$/, '')}. See: workbench ${command} --help`
}
