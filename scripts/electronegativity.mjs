// Runs Doyensec's Electronegativity over the built app (out/: main bundle, sandboxed preload and
// the page with its CSP meta tag) and fails on every finding above INFORMATIONAL that is not
// justified in security/electronegativity-justifications.json, and on every justification that
// no longer matches a finding, so the file never outlives the code it excuses.
//
//   node scripts/electronegativity.mjs            (after `npm run build`; npm test runs it)
//
// The built out/ is scanned rather than the TypeScript sources: the global checks (navigation
// limits, permission handler, CSP) need the main process, the preload and the page together,
// and only the build carries the page's CSP meta tag. Both parse without errors.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Electronegativity's severities, lowest first; everything above the first one must be justified. */
export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH']

/**
 * The findings of a scan report (what scan() writes: the tool's own issue objects). `file` is
 * made relative to the repository by prefixing the scanned folder (`out/main/index.js`); global
 * findings keep the tool's "N/A".
 */
export function parseFindings(report, inputDir) {
  const data = typeof report === 'string' ? JSON.parse(report) : report
  if (!Array.isArray(data?.issues)) throw new Error('the Electronegativity report has no "issues" list')
  return data.issues.map((issue) => {
    const severity = String(issue?.severity?.name ?? '').toUpperCase()
    if (!SEVERITIES.includes(severity)) throw new Error(`unknown severity "${severity}" in the Electronegativity report`)
    if (typeof issue.id !== 'string' || typeof issue.file !== 'string') throw new Error('an Electronegativity issue has no id or file')
    return {
      id: issue.id,
      severity,
      confidence: String(issue.confidence?.name ?? ''),
      file: issue.file === 'N/A' ? issue.file : `${inputDir.replace(/\/+$/, '')}/${issue.file.split('\\').join('/')}`,
      location: `${issue.location?.line ?? 0}:${issue.location?.column ?? 0}`,
      sample: typeof issue.sample === 'string' ? issue.sample : '',
      description: String(issue.description ?? '')
    }
  })
}

/** Files the tool could not parse (so did not check); tolerable warnings are not among them. */
export function parseErrors(report) {
  const data = typeof report === 'string' ? JSON.parse(report) : report
  return (data?.errors ?? []).filter((e) => e?.tolerable !== true).map((e) => `${e.file}: ${e.message}`)
}

/**
 * Validates the checked-in justifications file: every entry names a check id, a file and a
 * reason of at least a sentence; `sample`, when given, must occur in the finding's sample (a
 * bundle holds many findings of one check, the sample tells them apart).
 */
export function parseJustifications(json) {
  const data = typeof json === 'string' ? JSON.parse(json) : json
  const list = data?.justifications
  if (!Array.isArray(list)) throw new Error('justifications file: "justifications" must be an array')
  for (const [i, j] of list.entries()) {
    for (const key of ['id', 'file', 'reason']) {
      if (typeof j?.[key] !== 'string' || j[key].trim() === '') throw new Error(`justifications[${i}]: "${key}" must be a non-empty string`)
    }
    if (j.reason.trim().length < 40) throw new Error(`justifications[${i}] (${j.id}): the reason is too short to convince a reviewer`)
    if (j.sample !== undefined && (typeof j.sample !== 'string' || j.sample === '')) throw new Error(`justifications[${i}]: "sample" must be a non-empty string`)
  }
  const excluded = data.excludedChecks ?? []
  if (!Array.isArray(excluded) || excluded.some((e) => typeof e?.check !== 'string' || typeof e?.reason !== 'string' || e.reason.length < 40)) {
    throw new Error('justifications file: "excludedChecks" must be a list of { check, reason }')
  }
  return { justifications: list, excludedChecks: excluded }
}

/** Whether one justification covers one finding. */
export function justifies(j, finding) {
  return j.id === finding.id && j.file === finding.file && (j.sample === undefined || finding.sample.includes(j.sample))
}

/**
 * Compares findings with justifications: `unjustified` are findings above INFORMATIONAL that no
 * entry covers; `stale` are entries that cover no finding. Either one fails the check.
 */
export function checkFindings(findings, justifications) {
  const relevant = findings.filter((f) => f.severity !== 'INFORMATIONAL')
  const unjustified = relevant.filter((f) => !justifications.some((j) => justifies(j, f)))
  const stale = justifications.filter((j) => !relevant.some((f) => justifies(j, f)))
  return { ok: unjustified.length === 0 && stale.length === 0, unjustified, stale, justified: relevant.length - unjustified.length }
}

/** One line per finding, enough to find it and to write its justification. */
export function describeFinding(f) {
  const sample = f.sample && f.sample !== 'N/A' ? ` – ${f.sample.slice(0, 160)}` : ''
  return `${f.id} [${f.severity}/${f.confidence}] ${f.file}:${f.location} ${f.description}${sample}`
}

/**
 * Runs the tool in this process and writes its issues and parse errors as JSON. Its CLI is not
 * used: with -o it drops parse errors silently, and its CSV writer races its own header write.
 */
export async function scan(root, input, reportPath, excludedChecks, electronVersion) {
  const run = createRequire(join(root, 'package.json'))('@doyensec/electronegativity')
  const result = await (run.default ?? run)(
    { input: resolve(root, input), isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: excludedChecks, customScan: [] },
    false
  )
  writeFileSync(reportPath, JSON.stringify({ checks: result.globalChecks + result.atomicChecks, errors: result.errors, issues: result.issues }, null, 2))
}

/** Runs the scan (in a child process, the tool sets globals) and the check; returns the exit code. */
export function main(root = resolve(fileURLToPath(import.meta.url), '../..')) {
  const input = 'out'
  const justificationsPath = join(root, 'security', 'electronegativity-justifications.json')
  if (!existsSync(join(root, input, 'main', 'index.js')) || !existsSync(join(root, input, 'preload'))) {
    console.error(`electronegativity: ${input}/ has no built app; run \`npm run build\` first.`)
    return 1
  }
  const { justifications, excludedChecks } = parseJustifications(readFileSync(justificationsPath, 'utf8'))
  const electron = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
  const scratch = mkdtempSync(join(tmpdir(), 'workbench-electronegativity-'))
  try {
    const reportPath = join(scratch, 'report.json')
    const excluded = excludedChecks.map((e) => e.check).join(',')
    // The tool first looks for translations online (1 s timeout); the answer changes nothing here.
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--scan', root, input, reportPath, excluded, electron], {
      encoding: 'utf8',
      timeout: 120_000
    })
    if (run.status !== 0 || !existsSync(reportPath)) {
      console.error(`electronegativity: the scan failed (exit ${run.status ?? run.signal}):\n${run.stdout ?? ''}${run.stderr ?? ''}`)
      return 1
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8'))
    const unparsed = parseErrors(report)
    if (unparsed.length > 0) {
      console.error(`electronegativity: some files could not be parsed, so they were not checked:\n${unparsed.join('\n')}`)
      return 1
    }
    const findings = parseFindings(report, input)
    const result = checkFindings(findings, justifications)
    for (const f of result.unjustified) console.error(`✖ unjustified: ${describeFinding(f)}`)
    for (const j of result.stale) console.error(`✖ stale justification (no such finding any more, remove it): ${j.id} ${j.file}${j.sample ? ` "${j.sample}"` : ''}`)
    console.log(
      `electronegativity ${input}/ (Electron ${electron}, ${report.checks} checks): ${findings.length} findings, ${result.justified} justified, ` +
        `${result.unjustified.length} unjustified, ${result.stale.length} stale justifications${excluded ? `; not run: ${excluded}` : ''}`
    )
    if (!result.ok) console.error(`Fix the code, or justify the finding in ${join('security', 'electronegativity-justifications.json')}.`)
    return result.ok ? 0 : 1
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, root, input, reportPath, excluded, electron] = process.argv.slice(2)
  if (mode === '--scan') {
    scan(root, input, reportPath, excluded ? excluded.split(',') : [], electron).then(
      () => process.exit(0),
      (err) => {
        console.error(err?.stack ?? String(err))
        process.exit(1)
      }
    )
  } else process.exit(main())
}
