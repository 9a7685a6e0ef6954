import { parseArgs } from 'node:util'
import { dispatch } from '../../../shared/ipc/dispatch'
import type { SettingsView } from '../../../shared/types/settings'
import type { Core } from '../../core/core'
import { readAll, unwrap, writeLine, type CliIo } from '../cli-io'
import { readHidden } from '../hidden-prompt'

/** `workbench keys set|list|remove|test PROVIDER`: keys are read from stdin or a hidden prompt, never argv. */
export async function keysCommand(core: Core, args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
  const [action, provider, ...extra] = positionals
  // A word is repeated only when it names a configured provider: anything else may be a key
  // typed in the wrong place (`keys set sk-…`), and a message would put it in the scrollback.
  const configured = provider === undefined ? [] : unwrap<SettingsView>(await dispatch(core.handlers, 'settings.get', {})).providers.map((p) => p.id)
  const known = provider !== undefined && configured.includes(provider)
  if (action === 'set' && extra.length > 0) {
    writeLine(io.stderr, ARGV_REFUSAL(known ? provider : 'PROVIDER'))
    return 2
  }
  if ((action !== 'list' && !provider) || extra.length > 0 || !['set', 'list', 'remove', 'test'].includes(action ?? '')) {
    writeLine(io.stderr, 'usage: workbench keys set|list|remove|test PROVIDER')
    return 2
  }
  if (action !== 'list' && !known) {
    writeLine(io.stderr, `error: that is not a configured provider (not repeated here, in case it is a key). Configured: ${configured.join(', ')}`)
    return 2
  }
  switch (action) {
    case 'list': {
      const view = unwrap<SettingsView>(await dispatch(core.handlers, 'settings.get', {}))
      writeLine(io.stdout, `key store: ${view.keyStore.backend}${view.keyStore.available ? '' : ` (unavailable: ${view.keyStore.reason})`}`)
      for (const p of view.providers) writeLine(io.stdout, `${p.id.padEnd(16)} ${describe(p.keySource, p.keyHint)}`)
      return 0
    }
    case 'set': {
      const key = io.stdin.isTTY ? await readHidden(`API key for ${provider}: `, io) : (await readAll(io.stdin)).trim()
      unwrap(await dispatch(core.handlers, 'keys.set', { provider, key }))
      writeLine(io.stdout, `Saved the key for ${provider} in the ${(unwrap<SettingsView>(await dispatch(core.handlers, 'settings.get', {}))).keyStore.backend}.`)
      return 0
    }
    case 'remove':
      unwrap(await dispatch(core.handlers, 'keys.remove', { provider }))
      writeLine(io.stdout, `Removed the key for ${provider}.`)
      return 0
    case 'test': {
      const result = unwrap<{ ok: boolean; message: string }>(await dispatch(core.handlers, 'keys.test', { provider }))
      writeLine(result.ok ? io.stdout : io.stderr, result.message)
      return result.ok ? 0 : 1
    }
    default:
      writeLine(io.stderr, 'usage: workbench keys set|list|remove|test PROVIDER')
      return 2
  }
}

const ARGV_REFUSAL = (provider: string): string =>
  'error: the key was not saved: an API key on the command line ends up in your shell history and in the ' +
  `process list other users can read. Pipe it in instead (printf %s "$KEY" | workbench keys set ${provider}), ` +
  `or run \`workbench keys set ${provider}\` and paste it at the hidden prompt.`

function describe(source: string, hint: string | null): string {
  if (source === 'env') return `set by the environment${hint ? ` (…${hint})` : ''}; it overrides the keychain`
  if (source === 'keychain') return `in the keychain${hint ? ` (…${hint})` : ''}`
  if (source === 'not-needed') return 'no key needed'
  return 'no key'
}
