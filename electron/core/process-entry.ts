import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ServerFrame } from '../../shared/ipc/bridge'
import { isWorkbenchError, toErrorData, WorkbenchError } from '../../shared/errors'
import type { ErrorData } from '../../shared/types/domain'
import { type Core, type CoreOptions, createCore } from './core'
import { createPortConfirmer, type ConfirmReply, type ConfirmRequest } from './keys/confirm-port'
import { createPortCipher, type CipherReply, type CipherRequest } from './secrets/cipher-port'
import { createKeyringSecretStore } from './secrets/keyring-store'
import { createScrubber } from './secrets/scrub'
import type { SecretStore } from './secrets/secret-store'
import { createFrameSession } from './transport/frame-session'

/** What the parent sends: contract request frames, one control message, and answers to cipher requests. */
export type CoreProcessInbound = { type: 'request'; id: number; channel: string; payload: unknown } | { type: 'shutdown' } | CipherReply | ConfirmReply

/**
 * What the core process posts: contract frames, its own lifecycle, and (when started with
 * WORKBENCH_SAFE_STORAGE=parent) requests for the parent's safeStorage cipher.
 */
export type CoreProcessOutbound = ServerFrame | { type: 'ready' } | { type: 'fatal'; error: ErrorData } | CipherRequest | ConfirmRequest

/** The two ways a parent can talk to us: Electron's process.parentPort, or Node's fork IPC. */
export interface ParentPortLike {
  post(message: CoreProcessOutbound): void
  onMessage(listener: (message: unknown) => void): void
}

/** Seams for tests; the defaults are what ships. */
export interface CoreProcessDeps {
  createCore: (options: CoreOptions) => Core
  createSecrets: (env: Record<string, string | undefined>) => SecretStore
  exit: (code: number) => void
  logError: (line: string) => void
}

/**
 * Runs the whole core behind one parent port: every inbound message is a request frame for
 * one frame session, except 'shutdown', which closes the core and exits. Startup failures
 * are posted as 'fatal' so the parent can show the cause instead of restarting in a loop.
 */
export function runCoreProcess(port: ParentPortLike, env: Record<string, string | undefined>, deps: Partial<CoreProcessDeps> = {}) {
  const { createCore: makeCore, createSecrets, exit, logError: rawLog } = { ...defaultDeps, ...deps }
  // Every key the core reads is remembered so no log line of ours can carry it.
  const scrubber = createScrubber()
  const scrub = (text: string): string => scrubber.scrub(text)
  const logError = (line: string): void => rawLog(scrub(line))
  const fail = (err: unknown): void => {
    const message = scrub(toErrorData(err).message)
    const error = isWorkbenchError(err)
      ? { code: err.code, message, retryable: err.retryable }
      : { code: 'core_start_failed', message: `The core could not start: ${message}`, retryable: false }
    logError(`[core-process] fatal: ${error.message}`)
    port.post({ type: 'fatal', error })
    exit(1)
  }

  let core: Core
  let cipher: ReturnType<typeof createPortCipher> | null = null
  // The Electron parent asks the user with a native dialog and says so (WORKBENCH_CONFIRM=parent).
  const confirmer = env.WORKBENCH_CONFIRM === 'parent' ? createPortConfirmer((request) => port.post(request)) : null
  try {
    const home = env.WORKBENCH_HOME
    if (!home) throw new WorkbenchError('no_home', 'WORKBENCH_HOME is not set: the core process needs a data directory.')
    const sqliteBinding = env.WORKBENCH_SQLITE_BINDING || undefined
    // The Electron parent owns safeStorage and says so; a plain Node parent would never answer.
    cipher = env.WORKBENCH_SAFE_STORAGE === 'parent' ? createPortCipher((request) => port.post(request)) : null
    core = makeCore({
      home,
      env,
      secrets: createSecrets(env),
      scrubber,
      ...(sqliteBinding ? { sqliteBinding } : {}),
      ...(cipher ? { cipher } : {}),
      ...(confirmer ? { confirmKeyHost: confirmer.confirm } : {})
    })
  } catch (err) {
    fail(err)
    return { shutdown: async () => {}, scrub }
  }

  const session = createFrameSession({ handlers: core.handlers, events: core.events, send: (frame) => port.post(frame) })
  let closing: Promise<void> | null = null

  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      session.close()
      try {
        await core.close()
        exit(0)
      } catch (err) {
        logError(`[core-process] closing the core failed: ${toErrorData(err).message}`)
        exit(1)
      }
    })()
    return closing
  }

  port.onMessage((message) => {
    if (cipher?.receive(message)) return
    if (confirmer?.receive(message)) return
    if (isShutdown(message)) {
      void shutdown()
    } else if (closing) {
      // The parent stops sending before it asks us to stop; anything late gets a clear answer.
      const id = (message as { id?: unknown })?.id
      if (typeof id === 'number') port.post({ type: 'response', id, result: { ok: false, error: shuttingDown } })
    } else {
      session.handle(message).catch((err: unknown) => logError(`[core-process] request failed: ${String(err)}`))
    }
  })
  port.post({ type: 'ready' })
  return { shutdown, scrub }
}

const shuttingDown: ErrorData = { code: 'core_shutting_down', message: 'The app is closing.', retryable: false }

function isShutdown(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'shutdown'
}

const defaultDeps: CoreProcessDeps = {
  createCore,
  // WORKBENCH_KEYRING_SERVICE lets tests keep their keys apart from a user's real ones.
  createSecrets: (env) => createKeyringSecretStore({ service: env.WORKBENCH_KEYRING_SERVICE || undefined }),
  // Posting is asynchronous in both transports: give a last 'fatal' message time to leave.
  exit: (code) => void setTimeout(() => process.exit(code), 100),
  logError: (line) => console.error(line)
}

type ElectronParentPort = { on(event: 'message', listener: (e: { data: unknown }) => void): unknown; postMessage(message: unknown): void }

/** Electron's utility process: messages arrive wrapped in a MessageEvent. */
function electronPort(parentPort: ElectronParentPort): ParentPortLike {
  return { post: (m) => parentPort.postMessage(m), onMessage: (l) => void parentPort.on('message', (e) => l(e.data)) }
}

/** Node's child_process.fork: used by tests and by anyone running the core without Electron. */
function nodeForkPort(): ParentPortLike {
  return {
    post: (m) => void process.send?.(m),
    onMessage: (l) => void process.on('message', l)
  }
}

function autoStart(): void {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort | null }).parentPort
  // Under Node, only when this file is the forked entry (a test runner's worker also has process.send).
  const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
  const port = parentPort ? electronPort(parentPort) : typeof process.send === 'function' && isEntry ? nodeForkPort() : null
  if (!port) return
  const handle = runCoreProcess(port, process.env)
  // Node's default report prints the whole error, and an error may quote a key.
  process.on('uncaughtException', (err) => {
    console.error(`[core-process] crashed: ${handle.scrub(err.stack ?? String(err))}`)
    process.exit(1)
  })
  // One forgotten promise must not take every conversation down with it.
  process.on('unhandledRejection', (reason) => {
    console.error(`[core-process] unhandled rejection: ${handle.scrub(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason))}`)
  })
  // A Node parent that dies without saying goodbye must not leave an orphan holding the database.
  if (!parentPort) process.on('disconnect', () => void handle.shutdown())
}

autoStart()
