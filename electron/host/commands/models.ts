import { parseArgs } from 'node:util'
import { dispatch } from '../../../shared/ipc/dispatch'
import type { ProviderModels } from '../../../shared/types/domain'
import type { Core } from '../../core/core'
import { unwrap, writeJson, writeLine, type CliIo } from '../cli-io'

/**
 * `workbench models [--refresh] [--json]`: what each provider offers for chat, as the UI picker
 * shows it (the core's catalog leaves embedding models out). Fails only when no provider answered.
 */
export async function modelsCommand(core: Core, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, refresh: { type: 'boolean' } } })
  const lists = unwrap<ProviderModels[]>(await dispatch(core.handlers, 'models.list', values.refresh ? { refresh: true } : {}))
  const code = lists.length > 0 && lists.every((p) => p.error !== null) ? 1 : 0
  if (values.json) {
    writeJson(io.stdout, lists)
    return code
  }
  for (const p of lists) {
    if (p.error) writeLine(io.stdout, `${p.provider}: ${p.error.message}`)
    else if (p.models.length === 0) writeLine(io.stdout, `${p.provider}: no chat models`)
    else writeLine(io.stdout, `${p.provider}:\n${p.models.map((m) => `  ${m.ref}`).join('\n')}`)
  }
  if (lists.length === 0) writeLine(io.stdout, 'No providers are configured. See: workbench config get providers')
  return code
}
