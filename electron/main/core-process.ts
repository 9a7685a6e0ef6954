import { existsSync } from 'node:fs'
import { type BrowserWindow, type UtilityProcess, utilityProcess } from 'electron'
import type { Cipher } from '../core/secrets/cipher'
import { relayCipherRequests } from './cipher-relay'
import { type CoreChild, type CoreClient, createCoreClient } from './core-client'
import { relayKeyHostQuestions } from './key-host-dialog'

export interface CoreProcessOptions {
  /** out/main/core-process.js */
  modulePath: string
  /** The data directory, passed as WORKBENCH_HOME. */
  home: string
  /**
   * better-sqlite3 built for Electron's ABI (development: .electron-native/); skipped with a
   * warning when the file is missing. Undefined in a packaged app, whose installer rebuilt it in place.
   */
  sqliteBinding: string | undefined
  onEvent: (name: string, payload: unknown) => void
  /** safeStorage, lent to the core (which cannot use Electron) over the parent port. */
  cipher?: Cipher
  /** The window a native "send this key to a new server?" dialog belongs to. */
  window: () => BrowserWindow | null
}

/**
 * Starts the core in an Electron utility process, so a synchronous SQLite query or a busy
 * stream never freezes the window, and restarts it if it crashes.
 */
export function startCoreProcess({ modulePath, home, sqliteBinding, onEvent, cipher, window }: CoreProcessOptions): CoreClient {
  const log = (line: string): void => console.error(line)
  const binding = sqliteBinding !== undefined && existsSync(sqliteBinding) ? sqliteBinding : undefined
  if (sqliteBinding !== undefined && !binding) {
    log(`[core] ${sqliteBinding} is missing; SQLite will fail to load under Electron. Run: node scripts/ensure-electron-native.mjs`)
  }
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value
  env.WORKBENCH_HOME = home
  if (binding) env.WORKBENCH_SQLITE_BINDING = binding
  else delete env.WORKBENCH_SQLITE_BINDING
  if (cipher) env.WORKBENCH_SAFE_STORAGE = 'parent'
  else delete env.WORKBENCH_SAFE_STORAGE
  // This parent answers "may this key go to a new server?" with a native dialog.
  env.WORKBENCH_CONFIRM = 'parent'

  return createCoreClient({
    spawn: () => {
      const child = asCoreChild(utilityProcess.fork(modulePath, [], { env, serviceName: 'Workbench Core', stdio: 'inherit' }))
      if (cipher) relayCipherRequests(child, cipher)
      relayKeyHostQuestions(child, window)
      return child
    },
    onEvent,
    log
  })
}

function asCoreChild(child: UtilityProcess): CoreChild {
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill()
  }
}
