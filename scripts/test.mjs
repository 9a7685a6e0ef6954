// `npm test`: type-check every runtime, lint the layering, build, then run every vitest project
// (unit and integration, keychain, end-to-end) inside a throwaway Secret Service when one can start.
//
// The static checks are independent of each other, so they run side by side (two at a time on a
// two-core machine, more on a bigger one): the five tsc projects (incremental, their state kept in
// node_modules/.cache), eslint (cached) and the build followed by electronegativity. Each check's
// output is printed in one piece when it ends, with its time; every failure is reported before
// the run stops. Then the tests run, and a closing table gives each step's wall time.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'

const CACHE = 'node_modules/.cache/workbench-checks'
mkdirSync(CACHE, { recursive: true })
const timings = []
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`

/** Runs one command with its output captured; resolves with its status and output. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', (err) => resolve({ status: 1, output: `${output}${err.message}\n` }))
    child.on('close', (status, signal) => resolve({ status: status ?? 1, output: signal ? `${output}killed by ${signal}\n` : output }))
  })
}

/** A check: one or more commands run in order, stopping at the first failure. */
async function check(name, commands) {
  const started = Date.now()
  let output = ''
  let status = 0
  for (const [cmd, ...args] of commands) {
    const r = await run(cmd, args)
    output += r.output
    status = r.status
    if (status !== 0) break
  }
  const ms = Date.now() - started
  timings.push([name, ms])
  console.log(`\n${status === 0 ? '▶' : '✖'} ${name} (${seconds(ms)})${output.trim() ? `\n${output.trimEnd()}` : ''}`)
  return { name, status }
}

/** Runs the checks with at most `limit` at once, in the order given. */
async function allChecks(checks, limit) {
  const results = []
  let next = 0
  const lane = async () => {
    while (next < checks.length) {
      const [name, commands] = checks[next++]
      results.push(await check(name, commands))
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, checks.length) }, lane))
  return results
}

const tsc = (project) => [
  `type-check ${project}`,
  [['npx', 'tsc', '-p', project, '--noEmit', '--incremental', '--tsBuildInfoFile', join(CACHE, `${project}.tsbuildinfo`)]]
]
const started = Date.now()
// Longest first, so the slow chain does not start last.
const results = await allChecks(
  [
    ['build + electronegativity', [['npm', 'run', '--silent', 'build'], ['node', 'scripts/electronegativity.mjs']]],
    ['lint', [['npx', 'eslint', '.', '--cache', '--cache-location', join(CACHE, 'eslint')]]],
    tsc('tsconfig.tests.json'),
    tsc('tsconfig.electron.json'),
    tsc('tsconfig.web.json'),
    tsc('tsconfig.node.json'),
    tsc('tsconfig.shared.json')
  ],
  Math.max(2, availableParallelism())
)
timings.push(['static checks, side by side', Date.now() - started])
const failed = results.filter((r) => r.status !== 0)
// TEST_KEEP_GOING=1 runs the tests even after a failed check (to see every failure in one run);
// the exit status still reports the failure.
const keepGoing = process.env.TEST_KEEP_GOING === '1'
if (failed.length > 0) {
  console.error(`\n✖ failed: ${failed.map((r) => r.name).join(', ')}${keepGoing ? ' (TEST_KEEP_GOING=1: running the tests anyway)' : ''}`)
  if (!keepGoing) process.exit(1)
}

const report = join(mkdtempSync(join(tmpdir(), 'workbench-vitest-')), 'report.json')
const vitest = ['npx', 'vitest', 'run', '--project', 'unit', '--project', 'keychain', '--project', 'e2e', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]
const haveDbus = spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], { stdio: 'ignore' }).status === 0
const [cmd, ...args] = haveDbus ? ['bash', 'scripts/with-keyring.sh', ...vitest] : vitest
if (!haveDbus) console.log('\nNo dbus-run-session/gnome-keyring here: keychain tests will say why they are skipped.')
console.log(`\n▶ tests`)
const testsStarted = Date.now()
const tests = spawnSync(cmd, args, { stdio: 'inherit' })
timings.push(['tests (vitest)', Date.now() - testsStarted])

// One plain closing line that any CI can read, after the time each step took.
console.log(`\n${timings.map(([name, ms]) => `  ${name.padEnd(38)} ${seconds(ms).padStart(8)}`).join('\n')}\n  ${'npm test'.padEnd(38)} ${seconds(Date.now() - started).padStart(8)}`)
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
  rmSync(report, { force: true })
}
process.exit(failed.length > 0 ? 1 : (tests.status ?? 1))
