import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { _electron, type ElectronApplication } from 'playwright-core'

const ROOT = resolve(__dirname, '../../..')

/** Why the Electron app cannot be launched here, or null when its binary is present. */
export function electronUnavailableReason(): string | null {
  const pathFile = join(ROOT, 'node_modules/electron/path.txt')
  if (!existsSync(pathFile)) return 'the Electron binary is not installed (it downloads on first `npm start`; this machine has no network for it)'
  const binary = join(ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return `the Electron binary is missing at ${binary}`
  if (!existsSync(join(ROOT, '.electron-native'))) return 'the Electron build of better-sqlite3 is missing: run `npm start` once (scripts/ensure-electron-native.mjs)'
  return null
}

/** Launches the built app (out/main/index.js) through Playwright, with its own data directory. */
export async function launchElectronApp(env: Record<string, string>): Promise<ElectronApplication> {
  const binary = join(ROOT, 'node_modules/electron/dist', readFileSync(join(ROOT, 'node_modules/electron/path.txt'), 'utf8').trim())
  return _electron.launch({
    executablePath: binary,
    args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...(process.env as Record<string, string>), ...env }
  })
}
