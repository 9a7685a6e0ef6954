#!/usr/bin/env node
// Runs before `npm start`. better-sqlite3 is a native module: node_modules/better-sqlite3/build
// holds Node's build (for `npm test` and the CLI), and the app needs one built for Electron's ABI.
// This script makes that second copy in .electron-native/ without touching the first, and makes
// sure the Electron binary itself was downloaded. Both need the network; without it, it stops at
// the first failure with two lines (what happened, what to run instead), never hangs, and keeps
// the tools' own output (stack traces, gyp ERR! lines) in .electron-native/setup.log.
import { spawn } from 'node:child_process'
import { closeSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
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

/**
 * Whether the Electron binary is there: its installer writes path.txt last, naming the
 * executable under dist/ (or under ELECTRON_OVERRIDE_DIST_PATH). Checked by hand, because
 * require('electron') would start a download with its output on the terminal.
 */
export function electronBinaryPresent(root, env = process.env) {
  const dir = join(root, 'node_modules', 'electron')
  let executable
  try {
    executable = readFileSync(join(dir, 'path.txt'), 'utf8').trim()
  } catch {
    return false
  }
  return executable !== '' && existsSync(join(env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), executable))
}

/** Where the build tools' output goes, so a failure shows two lines instead of their stack traces. */
export function setupLogPath(root) {
  return join(root, '.electron-native', 'setup.log')
}

/** The line of a tool's output that says what went wrong ("fetch failed", "getaddrinfo ENOTFOUND github.com"). */
export function causeIn(output) {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('at '))
  const line = lines.find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|fetch failed/i.test(l)) ?? lines[lines.length - 1]
  return line ? line.replace(/^(\w*Error|gyp ERR!)\s*:?\s*/, '').slice(0, 160) : null
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

/**
 * Runs a command with a hard time limit; the whole process group is killed when it runs out.
 * With `logFile`, its output is appended there instead of reaching the terminal.
 */
export function run(command, args, { cwd, timeoutMs, env = buildEnv(process.env), logFile }) {
  return new Promise((resolvePromise) => {
    const windows = process.platform === 'win32'
    const out = logFile ? openSync(logFile, 'a') : 'inherit'
    // Its own process group, so a timeout also stops the compilers node-gyp starts.
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], detached: !windows, shell: windows })
    if (typeof out === 'number') closeSync(out)
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

/** Appends a tool's run to the log and returns what it printed there. */
async function logged(root, title, command, args, options) {
  const file = setupLogPath(root)
  const before = existsSync(file) ? readFileSync(file, 'utf8').length : 0
  writeFileSync(file, `\n$ ${title}\n`, { flag: 'a' })
  const result = await run(command, args, { ...options, logFile: file })
  return { ...result, output: readFileSync(file, 'utf8').slice(before) }
}

async function ensureElectronBinary(root, version) {
  if (electronBinaryPresent(root)) return true
  // Its own installer did not finish (offline during npm install?): one quiet try, then advice.
  const install = join(root, 'node_modules', 'electron', 'install.js')
  const result = await logged(root, 'node node_modules/electron/install.js', process.execPath, [install], { cwd: root, timeoutMs: TIMEOUTS_MS.electronDownload })
  if (result.ok && electronBinaryPresent(root)) {
    log(`Downloaded Electron ${version}.`)
    return true
  }
  log(`Electron ${version} is installed without its binary, and downloading it failed (${causeIn(result.output) ?? result.reason ?? 'no binary written'}; details in ${setupLogPath(root)}).`)
  log('Run `npx workbench serve` for the same app in a browser, or `node node_modules/electron/install.js` once github.com is reachable (ELECTRON_MIRROR for a mirror).')
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
      ? await logged(root, 'prebuild-install', process.execPath, [prebuildBin, ...prebuildArgs(version, arch)], { cwd: pkg, timeoutMs: TIMEOUTS_MS.prebuild })
      : { ok: false, reason: 'prebuild-install is not installed', output: '' }
    if (!result.ok || !existsSync(built)) {
      log(`No prebuilt binary; compiling with node-gyp instead (output in ${setupLogPath(root)})...`)
      const gyp = nodeGypCandidates(process.env, process.execPath).find((file) => existsSync(file))
      result = gyp
        ? await logged(root, 'node-gyp rebuild', process.execPath, [gyp, ...nodeGypArgs(version, arch)], { cwd: pkg, timeoutMs: TIMEOUTS_MS.compile })
        : { ok: false, reason: 'node-gyp was not found next to npm', output: '' }
    }
    if (!result.ok || !existsSync(built)) {
      log(`Could not build better-sqlite3 for Electron ${version} (${causeIn(result.output) ?? result.reason ?? 'no binary produced'}; full output in ${setupLogPath(root)}).`)
      log('It needs github.com, or electronjs.org plus a C++ toolchain. Meanwhile `npx workbench serve` runs the same app in a browser.')
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
  mkdirSync(dirname(setupLogPath(root)), { recursive: true })
  writeFileSync(setupLogPath(root), `ensure-electron-native ${new Date().toISOString()}\n`)
  // First things first: without Electron there is nothing to build the driver for.
  if (!(await ensureElectronBinary(root, version))) return 1
  return (await ensureSqliteBinding(root, version, arch)) ? 0 : 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main()
}
