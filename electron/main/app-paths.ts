import { join } from 'node:path'

/** Where the built pieces sit relative to out/main, where the main bundle runs from. */
export function builtPaths(mainDir: string) {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: join(mainDir, '..', 'renderer'),
    coreProcess: join(mainDir, 'core-process.js')
  }
}

/** The data directory: WORKBENCH_HOME wins (tests, portable installs), else Electron's userData. */
export function chooseDataDir(env: Record<string, string | undefined>, userData: string): string {
  return env.WORKBENCH_HOME || userData
}

/**
 * Where scripts/ensure-electron-native.mjs puts better-sqlite3 built for Electron's ABI; the
 * version is in the name so an Electron upgrade never loads a stale binary.
 */
export function electronSqliteBindingPath(appRoot: string, electronVersion: string): string {
  return join(appRoot, '.electron-native', `better_sqlite3-${electronVersion}.node`)
}
