// `npm test`: type-check every runtime, lint the layering, build, then run every vitest project
// (unit, integration, keychain, end-to-end) inside a throwaway Secret Service when one can start.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const step = (name, cmd, args, env = process.env) => {
  console.log(`\n▶ ${name}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env })
  if (r.status !== 0) {
    console.error(`✖ ${name} failed (exit ${r.status ?? r.signal})`)
    process.exit(r.status ?? 1)
  }
}

step('type-check', 'npm', ['run', '--silent', 'typecheck'])
step('lint', 'npm', ['run', '--silent', 'lint'])
step('build', 'npm', ['run', '--silent', 'build'])
step('electronegativity', 'node', ['scripts/electronegativity.mjs'])

const report = join(mkdtempSync(join(tmpdir(), 'workbench-vitest-')), 'report.json')
const vitest = ['npx', 'vitest', 'run', '--project', 'unit', '--project', 'keychain', '--project', 'e2e', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]
const haveDbus = spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], { stdio: 'ignore' }).status === 0
const [cmd, ...args] = haveDbus ? ['bash', 'scripts/with-keyring.sh', ...vitest] : vitest
if (!haveDbus) console.log('\nNo dbus-run-session/gnome-keyring here: keychain tests will say why they are skipped.')
console.log(`\n▶ tests`)
const run = spawnSync(cmd, args, { stdio: 'inherit' })

// One plain closing line that any CI can read.
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
  rmSync(report, { force: true })
}
process.exit(run.status ?? 1)
