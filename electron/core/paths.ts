import { mkdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { WorkbenchError } from '../../shared/errors'

/** The app's folder name; Electron's userData uses the package name, so every door agrees. */
export const APP_DIR_NAME = 'llm-workbench'

/**
 * The data directory every door shares: WORKBENCH_HOME if set, else the same folder Electron
 * would pick as userData, so the CLI and the app see one database.
 */
export function resolveHome(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string {
  if (env.WORKBENCH_HOME) return env.WORKBENCH_HOME
  const home = env.HOME ?? homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME)
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME)
}

export function databasePath(home: string): string {
  return join(home, 'workbench.db')
}

/**
 * Makes the data directory exist, one level at a time from its nearest existing ancestor, and
 * says plainly why when it cannot. Not `mkdirSync(recursive)`: on a path the kernel refuses in
 * odd ways (`/proc/nope/x`: mkdir answers ENOENT although the parent exists) Node's recursive
 * mkdir retries forever at full CPU. New folders are private (0700): they hold conversations.
 */
export function ensureDataDir(dir: string): void {
  const target = resolve(dir)
  const missing: string[] = []
  let at = target
  for (;;) {
    const info = statOrNull(at)
    if (info) {
      if (!info.isDirectory()) throw dataDirError(target, `${at} is not a folder`)
      break
    }
    missing.unshift(at)
    if (dirname(at) === at) break
    at = dirname(at)
  }
  for (const step of missing) {
    try {
      mkdirSync(step, { mode: 0o700 })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST' && statOrNull(step)?.isDirectory()) continue
      throw dataDirError(target, `creating ${step} failed (${code ?? (err as Error).message})`)
    }
  }
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    // ENOTDIR: a file stands where a folder should; walking up finds it and says so.
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw dataDirError(path, `it cannot be looked at (${code ?? (err as Error).message})`)
  }
}

function dataDirError(dir: string, why: string): WorkbenchError {
  return new WorkbenchError('data_dir_unusable', `The data folder ${dir} cannot be used: ${why}. Set WORKBENCH_HOME to a folder you can write.`, { retryable: false })
}
