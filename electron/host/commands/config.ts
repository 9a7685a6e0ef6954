import { parseArgs } from 'node:util'
import { dispatch } from '../../../shared/ipc/dispatch'
import type { SettingsView } from '../../../shared/types/settings'
import type { Core } from '../../core/core'
import { getByPath } from '../../core/settings/settings-path'
import { unknownKey } from '../../core/settings/settings-service'
import { unwrap, writeJson, writeLine, type CliIo } from '../cli-io'

/**
 * `workbench config get [KEY]` and `workbench config set KEY VALUE` (VALUE is JSON), e.g.
 * `workbench config set routes.default '["openai:gpt-4o-mini","ollama:llama3.2"]'`.
 */
export async function configCommand(core: Core, args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
  const [action, key, raw] = positionals
  if (action === 'get') {
    const view = unwrap<SettingsView>(await dispatch(core.handlers, 'settings.get', {}))
    const value = key ? getByPath(view.settings, key) : view.settings
    if (value === undefined) {
      writeLine(io.stderr, `error: ${unknownKey(key ?? '').message}`)
      return 1
    }
    writeJson(io.stdout, value, 2)
    return 0
  }
  if (action === 'set' && key && raw !== undefined) {
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      writeLine(io.stderr, `error: the value must be JSON, e.g. '["openai:gpt-4o-mini"]' or '"text"' (got ${raw})`)
      return 2
    }
    const view = unwrap<SettingsView>(await dispatch(core.handlers, 'settings.set', { key, value }))
    writeJson(io.stdout, getByPath(view.settings, key), 2)
    return 0
  }
  writeLine(io.stderr, 'usage: workbench config get [KEY] | workbench config set KEY JSON_VALUE')
  return 2
}
