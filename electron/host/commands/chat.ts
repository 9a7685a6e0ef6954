import { parseArgs } from 'node:util'
import type { EventPayload } from '../../../shared/ipc/contract'
import { dispatch } from '../../../shared/ipc/dispatch'
import type { Message } from '../../../shared/types/domain'
import type { Core } from '../../core/core'
import { readAll, unwrap, writeJson, writeLine, type CliIo } from '../cli-io'
import { findMessage } from '../conversation-pages'
import { servedByNotice } from '../served-by'
import { terminalSafeStream } from '../terminal-text'

/** `workbench chat [PROMPT] [--model P:M] [--route NAME] [--conversation ID] [--json]`: streams one answer to stdout. */
export async function chatCommand(core: Core, args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { model: { type: 'string', short: 'm' }, route: { type: 'string', short: 'r' }, 'idempotency-key': { type: 'string' }, conversation: { type: 'string', short: 'c' }, json: { type: 'boolean' } }
  })
  const json = values.json ?? false
  const prompt = positionals.length > 0 ? positionals.join(' ') : io.stdin.isTTY ? '' : await readAll(io.stdin)

  // Events can arrive before send() returns the id, so hold them until we know which are ours.
  const seen: Array<{ kind: 'delta'; p: EventPayload<'chat.delta'> } | { kind: 'done'; p: EventPayload<'chat.finished'> }> = []
  let mine: string | null = null
  let resolveDone: (m: Message) => void = () => {}
  const finished = new Promise<Message>((r) => (resolveDone = r))
  const onDelta = (p: EventPayload<'chat.delta'>) => {
    if (mine === null) seen.push({ kind: 'delta', p })
    else if (p.messageId === mine) emitToken(p.text)
  }
  const onFinished = (p: EventPayload<'chat.finished'>) => {
    if (mine === null) seen.push({ kind: 'done', p })
    else if (p.message.id === mine) resolveDone(p.message)
  }
  // The model writes to a terminal here: its control characters are shown, never obeyed.
  const safe = terminalSafeStream()
  const emitToken = (text: string) => (json ? writeJson(io.stdout, { type: 'token', text }) : io.stdout.write(safe.write(text)))
  const offDelta = core.events.on('chat.delta', onDelta)
  const offFinished = core.events.on('chat.finished', onFinished)

  try {
    const sent = unwrap<{ conversationId: string; assistantMessageId: string }>(
      await dispatch(core.handlers, 'chat.send', {
        content: prompt,
        ...(values.model ? { model: values.model } : {}),
        ...(values.route ? { route: values.route } : {}),
        // A retried command with the same key gets the first run's answer instead of paying twice.
        ...(values['idempotency-key'] ? { idempotencyKey: values['idempotency-key'] } : {}),
        ...(values.conversation ? { conversationId: values.conversation } : {})
      })
    )
    mine = sent.assistantMessageId
    // On stderr, so stdout stays the answer alone; with the id a person can go on: --conversation ID.
    if (!json) writeLine(io.stderr, `conversation: ${sent.conversationId}`)
    // A repeated idempotency key returns an answer that may have finished long ago: replay it.
    const stored = await findMessage(core, sent.conversationId, mine)
    if (stored && stored.status !== 'streaming' && !seen.some((e) => e.kind === 'done')) {
      if (stored.content) emitToken(stored.content)
      resolveDone(stored)
    }
    for (const e of seen.splice(0)) {
      if (e.kind === 'delta' && e.p.messageId === mine) emitToken(e.p.text)
      if (e.kind === 'done' && e.p.message.id === mine) resolveDone(e.p.message)
    }
    const stop = () => void dispatch(core.handlers, 'chat.stop', { messageId: mine })
    signal.addEventListener('abort', stop, { once: true })
    const message = await finished
    signal.removeEventListener('abort', stop)
    if (!json) io.stdout.write(safe.end())
    return report(message, json, io)
  } catch (err) {
    const { code, message } = err as { code?: string; message: string }
    if (json) writeJson(io.stdout, { type: 'error', code: code ?? 'internal', message })
    else writeLine(io.stderr, `error: ${message}`)
    return 1
  } finally {
    offDelta()
    offFinished()
  }
}

function report(message: Message, json: boolean, io: CliIo): number {
  if (message.status === 'complete') {
    if (json) {
      writeJson(
        io.stdout,
        {
          type: 'done',
          conversationId: message.conversationId,
          messageId: message.id,
          provider: message.provider,
          model: message.model,
          usage: message.usage ?? { inputTokens: 0, outputTokens: 0 },
          latencyMs: message.latencyMs,
          firstTokenMs: message.firstTokenMs,
          servedBy: `${message.provider}:${message.model}`,
          tier: message.tier,
          attempts: message.attempts
        }
      )
    } else {
      io.stdout.write('\n')
      const notice = servedByNotice(message)
      if (notice) writeLine(io.stderr, notice)
    }
    return 0
  }
  const error = message.error ?? { code: 'failed', message: 'The answer failed.' }
  if (json) {
    writeJson(io.stdout, { type: 'error', code: error.code, message: error.message, messageId: message.id, conversationId: message.conversationId, attempts: message.attempts })
  }
  else {
    if (message.content) io.stdout.write('\n')
    writeLine(io.stderr, `error: ${error.message}${message.status === 'partial' ? ' (the partial answer was kept)' : ''}`)
  }
  return error.code === 'stopped' ? 130 : 1
}
