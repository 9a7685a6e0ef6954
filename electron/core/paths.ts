import { homedir } from 'node:os'
import { join } from 'node:path'

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
