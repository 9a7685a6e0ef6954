import { parseArgs } from 'node:util'
import { dispatch } from '../../../shared/ipc/dispatch'
import type { Conversation } from '../../../shared/types/domain'
import type { Core } from '../../core/core'
import { unwrap, writeJson, writeLine, type CliIo } from '../cli-io'
import { wholeConversation } from '../conversation-pages'

/** `workbench conversations [--json] [--search TEXT]`: newest first; a search matches titles and message text. */
export async function conversationsCommand(core: Core, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, search: { type: 'string', short: 's' } } })
  const list = unwrap<Conversation[]>(await dispatch(core.handlers, 'conversations.list', values.search ? { query: values.search } : {}))
  if (values.json) {
    writeJson(io.stdout, list)
    return 0
  }
  if (list.length === 0) {
    writeLine(io.stdout, values.search ? 'No conversation matches that search.' : 'No conversations yet. Start one with: workbench chat "hello"')
  }
  for (const c of list) writeLine(io.stdout, `${c.id}  ${new Date(c.updatedAt).toISOString().slice(0, 16).replace('T', ' ')}  ${String(c.messageCount).padStart(3)} msgs  ${oneLine(c.title)}`)
  return 0
}

/** `workbench show ID [--json]`: one conversation with all its messages, read page by page. */
export async function showCommand(core: Core, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } })
  const { conversation, messages } = await wholeConversation(core, positionals[0] as string)
  if (values.json) {
    writeJson(io.stdout, { ...conversation, messages })
    return 0
  }
  writeLine(io.stdout, `# ${oneLine(conversation.title)}\n`)
  for (const m of messages) {
    const who = m.role === 'assistant' ? `assistant (${m.provider}:${m.model})` : m.role
    const status = m.status === 'complete' ? '' : ` [${m.status}${m.error ? `: ${m.error.message}` : ''}]`
    writeLine(io.stdout, `## ${who}${status}\n${m.content}\n`)
  }
  return 0
}

/** A title stays on its line: a newline in it could pass for another row of the list. */
function oneLine(title: string): string {
  return title.replace(/[\r\n]+/g, ' ')
}
