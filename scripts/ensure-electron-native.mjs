#!/usr/bin/env node
// Runs before `npm start`. better-sqlite3 is a native module: node_modules/better-sqlite3/build
// holds Node's build (for `npm test` and the CLI), and the app needs one built for Electron's ABI.
// This script makes that second copy in .electron-native/ without touching the first, and makes
// sure the Electron binary itself was downloaded. Both need the network; without it, it fails
// fast with a message that says what to do, instead of hanging.
import { spawn } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Minutes a step may take: a download on a slow line, or compiling SQLite on two cores. */
export const TIMEOUTS_MS = { electronDownload: 5 * 60_000, prebuild: 2 * 60_000, compile: 10 * 60_000 }

/** The Electron version from node_modules/electron/package.json, or null when not installed. */
export function electronVersion(root) {
  try {
    const version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
    return typeof version === 'string' && /^\d+\.\d+\.\d+/.test(version) ? version : null
  } catch {
    return null
  }
}

/** Where the Electron-ABI build lives; must match electronSqliteBindingPath in electron/main/app-paths.ts. */
export function bindingPath(root, version) {
  return join(root, '.electron-native', `better_sqlite3-${version}.node`)
}

/** Whether the Electron binary was downloaded: its installer writes path.txt last. */
export function electronBinaryPresent(root) {
  return existsSync(join(root, 'node_modules', 'electron', 'path.txt'))
}

/** Arguments for prebuild-install: fetch the published better-sqlite3 binary for this Electron. */
export function prebuildArgs(version, arch) {
  return ['--runtime', 'electron', '--target', version, '--arch', arch, '--verbose']
}

/** Arguments for node-gyp: compile against Electron's headers when no prebuilt binary exists. */
export function nodeGypArgs(version, arch) {
  return ['rebuild', '--release', `--target=${version}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron']
}

/** Where node-gyp may be: the one npm names for scripts, then the one bundled with npm. */
export function nodeGypCandidates(env, execPath) {
  const candidates = []
  if (env.npm_config_node_gyp) candidates.push(env.npm_config_node_gyp)
  if (env.npm_execpath) candidates.push(join(dirname(env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'))
  candidates.push(join(dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'))
  return candidates
}

/**
 * The environment for the build tools, without npm settings that would quietly build for Node
 * instead (an npmrc `nodedir` points node-gyp at Node's headers and wins over --target).
 */
export function buildEnv(env) {
  const out = {}
  for (const [name, value] of Object.entries(env)) {
    if (/^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|build_from_source)$/i.test(name)) continue
    out[name] = value
  }
  return out
}

/** Runs a command with a hard time limit; the whole process group is killed when it runs out. */
export function run(command, args, { cwd, timeoutMs, env = buildEnv(process.env) }) {
  return new Promise((resolvePromise) => {
    const windows = process.platform === 'win32'
    // Its own process group, so a timeout also stops the compilers node-gyp starts.
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'], detached: !windows, shell: windows })
    const stop = () => {
      try {
        if (windows || child.pid === undefined) child.kill()
        else process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(() => {
      log(`${command} took longer than ${Math.round(timeoutMs / 1000)} s; stopping it.`)
      stop()
    }, timeoutMs)
    // A detached group does not get the terminal's Ctrl-C: pass it on.
    const onInterrupt = () => {
      stop()
      process.exit(130)
    }
    process.once('SIGINT', onInterrupt)
    const settle = (result) => {
      clearTimeout(timer)
      process.removeListener('SIGINT', onInterrupt)
      resolvePromise(result)
    }
    child.on('error', (err) => settle({ ok: false, reason: err.message }))
    child.on('exit', (code, signal) => settle(code === 0 ? { ok: true } : { ok: false, reason: signal ? `killed by ${signal}` : `exit code ${code}` }))
  })
}

function log(message) {
  console.log(`[ensure-electron-native] ${message}`)
}

async function ensureElectronBinary(root) {
  if (electronBinaryPresent(root)) return true
  log('The Electron binary is missing; downloading it (node node_modules/electron/install.js)...')
  const result = await run(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, timeoutMs: TIMEOUTS_MS.electronDownload })
  if (result.ok && electronBinaryPresent(root)) return true
  log(`Could not download Electron (${result.reason ?? 'no path.txt written'}). It needs network access to github.com;`)
  log('behind a proxy or mirror, set ELECTRON_MIRROR or ELECTRON_GET_USE_PROXY and run: node node_modules/electron/install.js')
  return false
}

async function ensureSqliteBinding(root, version, arch) {
  const target = bindingPath(root, version)
  if (existsSync(target)) {
    log(`better-sqlite3 for Electron ${version} is ready: ${target}`)
    return true
  }
  log(`Building better-sqlite3 for Electron ${version} (${arch}); Node's own build is left alone.`)
  const work = mkdtempSync(join(tmpdir(), 'workbench-native-'))
  try {
    const pkg = join(work, 'better-sqlite3')
    // Node's build/ stays behind, so a failed build can never be mistaken for an Electron one.
    cpSync(join(root, 'node_modules', 'better-sqlite3'), pkg, { recursive: true, filter: (src) => !src.startsWith(join(root, 'node_modules', 'better-sqlite3', 'build')) })
    const built = join(pkg, 'build', 'Release', 'better_sqlite3.node')
    const prebuildBin = join(root, 'node_modules', 'prebuild-install', 'bin.js')
    let result = existsSync(prebuildBin)
      ? await run(process.execPath, [prebuildBin, ...prebuildArgs(version, arch)], { cwd: pkg, timeoutMs: TIMEOUTS_MS.prebuild })
      : { ok: false, reason: 'prebuild-install is not installed' }
    if (!result.ok || !existsSync(built)) {
      log(`No prebuilt binary (${result.reason ?? 'nothing downloaded'}); compiling with node-gyp instead...`)
      const gyp = nodeGypCandidates(process.env, process.execPath).find((file) => existsSync(file))
      result = gyp
        ? await run(process.execPath, [gyp, ...nodeGypArgs(version, arch)], { cwd: pkg, timeoutMs: TIMEOUTS_MS.compile })
        : { ok: false, reason: 'node-gyp was not found next to npm' }
    }
    if (!result.ok || !existsSync(built)) {
      log(`Could not build better-sqlite3 for Electron ${version} (${result.reason ?? 'no binary produced'}).`)
      log('This needs network access (GitHub releases, or electronjs.org headers plus a C++ toolchain).')
      log(`Fix the connection and run again: node scripts/ensure-electron-native.mjs`)
      return false
    }
    mkdirSync(dirname(target), { recursive: true })
    // Copy then rename, so a half-written file is never taken for a finished one.
    copyFileSync(built, `${target}.partial`)
    renameSync(`${target}.partial`, target)
    log(`Done: ${target}`)
    return true
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Makes both native pieces present; returns the process exit code. */
export async function main(root = resolve(dirname(fileURLToPath(import.meta.url)), '..'), arch = process.arch) {
  const version = electronVersion(root)
  if (!version) {
    log('electron is not installed in node_modules; run npm install first.')
    return 1
  }
  const binaryOk = await ensureElectronBinary(root)
  const bindingOk = await ensureSqliteBinding(root, version, arch)
  if (binaryOk && bindingOk) return 0
  log('The app cannot start until the steps above succeed. Tests and the CLI (npm test, npm run serve) do not need them.')
  return 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main()
}
