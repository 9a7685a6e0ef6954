import type { Result } from '../../shared/ipc/contract'
import type { ErrorData } from '../../shared/types/domain'
import type { CoreProcessInbound } from '../core/process-entry'

/** One running core process as the client needs it; Electron's UtilityProcess and a Node fork both fit. */
export interface CoreChild {
  postMessage(message: CoreProcessInbound): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (code: number) => void): void
  kill(): void
}

export interface CoreClientOptions {
  spawn: () => CoreChild
  onEvent: (name: string, payload: unknown) => void
  log?: (line: string) => void
  /** Wait before the 1st, 2nd, ... restart; one more crash inside crashWindowMs and we give up. */
  restartDelaysMs?: readonly number[]
  crashWindowMs?: number
  /** How long a child may take to close its database before it is killed. */
  shutdownTimeoutMs?: number
  now?: () => number
}

/** The main process's handle on the core: requests in, results out, whatever happens to the child. */
export interface CoreClient {
  request(channel: string, payload: unknown): Promise<Result<unknown>>
  shutdown(): Promise<void>
}

const RESTARTED: ErrorData = { code: 'core_restarted', message: 'The background process stopped unexpectedly and was restarted. Try again.', retryable: true }
const SHUTTING_DOWN: ErrorData = { code: 'core_shutting_down', message: 'The app is closing.', retryable: false }

type State = 'starting' | 'ready' | 'waiting' | 'failed' | 'stopping' | 'stopped'

/**
 * Runs the core in a child and keeps it running: requests wait while it starts, get ids, and
 * are matched to responses. If the child dies, requests it had are failed as `core_restarted`
 * (it may have run them, so only the user may retry), requests it never saw wait for the next
 * child, and a child that keeps crashing is given up on rather than restarted forever.
 */
export function createCoreClient(options: CoreClientOptions): CoreClient {
  const { spawn, onEvent, log = () => {}, restartDelaysMs = [250, 1000, 3000], crashWindowMs = 60_000, shutdownTimeoutMs = 5000, now = Date.now } = options
  const inFlight = new Map<number, (result: Result<unknown>) => void>()
  const queued: Array<{ frame: CoreProcessInbound & { type: 'request' }; resolve: (r: Result<unknown>) => void }> = []
  const crashes: number[] = []
  let state: State = 'starting'
  let child: CoreChild | null = null
  let failure: ErrorData | null = null
  let nextId = 1
  let restartTimer: ReturnType<typeof setTimeout> | null = null
  let onStopped: (() => void) | null = null
  let stopping: Promise<void> | null = null

  const failAll = (error: ErrorData, includeQueued: boolean): void => {
    for (const resolve of inFlight.values()) resolve({ ok: false, error })
    inFlight.clear()
    if (includeQueued) for (const q of queued.splice(0)) q.resolve({ ok: false, error })
  }

  const flush = (): void => {
    for (const q of queued.splice(0)) {
      inFlight.set(q.frame.id, q.resolve)
      child?.postMessage(q.frame)
    }
  }

  const handleMessage = (self: CoreChild, message: unknown): void => {
    if (self !== child || typeof message !== 'object' || message === null) return
    const m = message as { type?: unknown; id?: unknown; result?: unknown; name?: unknown; payload?: unknown; error?: unknown }
    if (m.type === 'response' && typeof m.id === 'number') {
      const resolve = inFlight.get(m.id)
      inFlight.delete(m.id)
      resolve?.(m.result as Result<unknown>)
    } else if (m.type === 'event' && typeof m.name === 'string') {
      onEvent(m.name, m.payload)
    } else if (m.type === 'ready' && state === 'starting') {
      state = 'ready'
      flush()
    } else if (m.type === 'fatal') {
      // A core that cannot start (bad data dir, wrong SQLite ABI) fails the same way every time.
      failure = toFailure(m.error)
      state = 'failed'
      log(`[core] the core process could not start: ${failure.message}`)
      failAll(failure, true)
    }
  }

  const handleExit = (self: CoreChild, code: number): void => {
    if (self !== child) return
    child = null
    if (state === 'stopping') {
      failAll(SHUTTING_DOWN, true)
      state = 'stopped'
      onStopped?.()
      return
    }
    if (state === 'failed') return
    failAll(RESTARTED, false)
    const at = now()
    crashes.push(at)
    while (crashes.length && at - crashes[0]! > crashWindowMs) crashes.shift()
    const delay = restartDelaysMs[crashes.length - 1]
    if (delay === undefined) {
      failure = { code: 'core_unavailable', message: `The background process crashed ${crashes.length} times in a row. Restart the app.`, retryable: false }
      state = 'failed'
      log(`[core] giving up after ${crashes.length} crashes (last exit code ${code})`)
      failAll(failure, true)
      return
    }
    log(`[core] the core process exited with code ${code}; restarting in ${delay} ms`)
    state = 'waiting'
    restartTimer = setTimeout(() => {
      restartTimer = null
      start()
    }, delay)
  }

  function start(): void {
    state = 'starting'
    let spawned: CoreChild
    try {
      spawned = spawn()
    } catch (err) {
      log(`[core] could not start the core process: ${err instanceof Error ? err.message : String(err)}`)
      const placeholder: CoreChild = { postMessage() {}, onMessage() {}, onExit() {}, kill() {} }
      child = placeholder
      handleExit(placeholder, -1)
      return
    }
    child = spawned
    spawned.onMessage((m) => handleMessage(spawned, m))
    spawned.onExit((code) => handleExit(spawned, code))
  }

  start()

  return {
    request(channel, payload) {
      if (state === 'failed') return Promise.resolve({ ok: false, error: failure! })
      if (state === 'stopping' || state === 'stopped') return Promise.resolve({ ok: false, error: SHUTTING_DOWN })
      return new Promise((resolve) => {
        const frame = { type: 'request' as const, id: nextId++, channel, payload }
        queued.push({ frame, resolve })
        if (state === 'ready') flush()
      })
    },

    shutdown() {
      stopping ??= new Promise<void>((resolve) => {
        state = 'stopping'
        if (restartTimer) clearTimeout(restartTimer)
        failAll(SHUTTING_DOWN, true)
        const current = child
        if (!current) {
          state = 'stopped'
          resolve()
          return
        }
        // A core stuck in a synchronous query cannot answer: after the grace period it is killed.
        const timer = setTimeout(() => current.kill(), shutdownTimeoutMs)
        onStopped = () => {
          clearTimeout(timer)
          resolve()
        }
        current.postMessage({ type: 'shutdown' })
      })
      return stopping
    }
  }
}

function toFailure(error: unknown): ErrorData {
  const e = error as Partial<ErrorData> | undefined
  if (e && typeof e.code === 'string' && typeof e.message === 'string') return { code: e.code, message: e.message, retryable: false }
  return { code: 'core_start_failed', message: 'The background process could not start.', retryable: false }
}
