import { parseArgs } from 'node:util'
import { dispatch } from '../../../shared/ipc/dispatch'
import type { Conversation, ConversationDetail } from '../../../shared/types/domain'
import type { Core } from '../../core/core'
import { unwrap, writeLine, type CliIo } from '../cli-io'

/** `workbench conversations [--json] [--search TEXT]`: newest first. */
export async function conversationsCommand(core: Core, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, search: { type: 'string', short: 's' } } })
  const list = unwrap<Conversation[]>(await dispatch(core.handlers, 'conversations.list', values.search ? { query: values.search } : {}))
  if (values.json) {
    writeLine(io.stdout, JSON.stringify(list))
    return 0
  }
  if (list.length === 0) writeLine(io.stdout, 'No conversations yet. Start one with: workbench chat "hello"')
  for (const c of list) writeLine(io.stdout, `${c.id}  ${new Date(c.updatedAt).toISOString().slice(0, 16).replace('T', ' ')}  ${String(c.messageCount).padStart(3)} msgs  ${c.title}`)
  return 0
}

/** `workbench show ID [--json]`: one conversation with its messages. */
export async function showCommand(core: Core, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } })
  const detail = unwrap<ConversationDetail>(await dispatch(core.handlers, 'conversations.get', { id: positionals[0] }))
  if (values.json) {
    writeLine(io.stdout, JSON.stringify(detail))
    return 0
  }
  writeLine(io.stdout, `# ${detail.title}\n`)
  for (const m of detail.messages) {
    const who = m.role === 'assistant' ? `assistant (${m.provider}:${m.model})` : m.role
    const status = m.status === 'complete' ? '' : ` [${m.status}${m.error ? `: ${m.error.message}` : ''}]`
    writeLine(io.stdout, `## ${who}${status}\n${m.content}\n`)
  }
  return 0
}
