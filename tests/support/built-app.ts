import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The repository root. */
export const ROOT = resolve(__dirname, '../..')

/** What `npm run build` must have produced for the CLI, `workbench serve`, the forked core and the Electron app. */
const OUTPUTS = ['out/main/index.js', 'out/main/cli.js', 'out/main/core-process.js', 'out/preload/index.cjs', 'out/renderer/index.html']
/** What the build reads: a change to any of these makes out/ stale. */
const INPUTS = ['electron', 'renderer', 'shared', 'electron.vite.config.ts', 'package.json', 'tsconfig.json', 'tsconfig.node.json', 'tsconfig.web.json']

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Why out/ cannot be used as it is (missing or older than a source), or null when it is current. */
export function staleOutReason(root = ROOT): string | null {
  const missing = OUTPUTS.filter((f) => !existsSync(join(root, f)))
  if (missing.length > 0) return `out/ lacks ${missing.join(', ')}`
  const built = Math.min(...OUTPUTS.map((f) => statSync(join(root, f)).mtimeMs))
  const changed = INPUTS.filter((f) => newestMtime(join(root, f)) > built)
  return changed.length > 0 ? `out/ is older than ${changed.join(', ')}` : null
}

/**
 * Builds out/ when it is missing or stale; does nothing when it is current. Another build may be
 * writing out/ at the same moment (a second terminal, another worktree user): one retry.
 */
export function ensureBuiltApp(log: (line: string) => void = console.log, root = ROOT): void {
  const reason = staleOutReason(root)
  if (reason === null) return
  for (let attempt = 1; ; attempt++) {
    log(`[tests] ${reason}: building it once (npx electron-vite build) for the tests that run the built app`)
    const started = Date.now()
    const run = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
    if (run.status === 0 && staleOutReason(root) === null) {
      log(`[tests] built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      return
    }
    if (attempt === 2) {
      throw new Error(`[tests] could not build out/, which the CLI, serve, crash-safety and end-to-end tests run (exit ${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`)
    }
  }
}
