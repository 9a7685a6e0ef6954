import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { checkFindings, main, parseErrors, parseFindings, parseJustifications, type Justification } from '../../../scripts/electronegativity.mjs'

const repoRoot = resolve(__dirname, '../../..')

// What the tool's run() returns (scan() writes it as JSON): severities and confidences are objects.
const issue = (id: string, severity: string, file: string, sample?: string) => ({
  id,
  file,
  location: { line: 12, column: 4 },
  description: `${id} description`,
  severity: { name: severity, value: 1 },
  confidence: { name: 'FIRM', value: 1 },
  ...(sample !== undefined ? { sample } : {})
})
const REPORT = {
  checks: 41,
  errors: [],
  issues: [
    issue('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/index.js', 'shell.openExternal(safe).catch((err) => console.error("[security] no browser:", err));'),
    issue('NODE_INTEGRATION_JS_CHECK', 'INFORMATIONAL', 'main/index.js'),
    issue('LIMIT_NAVIGATION_GLOBAL_CHECK', 'HIGH', 'N/A')
  ]
}

const reason = 'Reviewed: the URL is filtered to http(s) without credentials before it is opened.'

describe('parsing an Electronegativity report', () => {
  it('reads every finding with its severity and a repository-relative file', () => {
    const findings = parseFindings(REPORT, 'out')
    expect(findings.map((f) => [f.id, f.severity, f.file])).toEqual([
      ['OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'out/main/index.js'],
      ['NODE_INTEGRATION_JS_CHECK', 'INFORMATIONAL', 'out/main/index.js'],
      ['LIMIT_NAVIGATION_GLOBAL_CHECK', 'HIGH', 'N/A']
    ])
    expect(findings[0]!.sample).toBe('shell.openExternal(safe).catch((err) => console.error("[security] no browser:", err));')
  })

  it('refuses a report it does not understand rather than passing it', () => {
    expect(() => parseFindings('{"results": []}', 'out')).toThrow(/no "issues" list/)
    expect(() => parseFindings({ issues: [issue('X', 'SEVERE', 'main/index.js')] }, 'out')).toThrow(/unknown severity "SEVERE"/)
  })

  it('lists the files the tool could not parse, but not its tolerable warnings', () => {
    const errors = [
      { file: 'out/main/a.js', message: 'Unexpected token', tolerable: false },
      { file: 'out/main/b.js', message: 'deprecated syntax', tolerable: true }
    ]
    expect(parseErrors({ ...REPORT, errors })).toEqual(['out/main/a.js: Unexpected token'])
  })
})

describe('checking findings against the justifications', () => {
  const findings = parseFindings(REPORT, 'out')
  const openExternal: Justification = { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'out/main/index.js', sample: 'shell.openExternal(safe)', reason }
  const navigation: Justification = { id: 'LIMIT_NAVIGATION_GLOBAL_CHECK', file: 'N/A', reason }

  it('fails on a finding above INFORMATIONAL that nothing justifies', () => {
    const result = checkFindings(findings, [openExternal])
    expect(result.ok).toBe(false)
    expect(result.unjustified.map((f) => f.id)).toEqual(['LIMIT_NAVIGATION_GLOBAL_CHECK'])
  })

  it('passes when every finding above INFORMATIONAL is justified; informational ones need nothing', () => {
    expect(checkFindings(findings, [openExternal, navigation])).toMatchObject({ ok: true, unjustified: [], stale: [], justified: 2 })
  })

  it('does not let a justification cover the same check in another file or with another sample', () => {
    const elsewhere = checkFindings(findings, [{ ...openExternal, file: 'out/preload/index.cjs' }, navigation])
    expect(elsewhere.unjustified.map((f) => f.id)).toEqual(['OPEN_EXTERNAL_JS_CHECK'])
    const otherCall = checkFindings(findings, [{ ...openExternal, sample: 'shell.openExternal(event.url)' }, navigation])
    expect(otherCall.ok).toBe(false)
  })

  it('fails on a justification that no longer matches any finding', () => {
    const result = checkFindings(findings, [openExternal, navigation, { id: 'PRELOAD_JS_CHECK', file: 'out/main/index.js', reason }])
    expect(result.ok).toBe(false)
    expect(result.stale.map((j) => j.id)).toEqual(['PRELOAD_JS_CHECK'])
  })

  it('rejects an entry without a file or with a one-word reason', () => {
    expect(() => parseJustifications({ justifications: [{ id: 'X', reason }] })).toThrow(/"file"/)
    expect(() => parseJustifications({ justifications: [{ id: 'X', file: 'out/main/index.js', reason: 'fine' }] })).toThrow(/too short/)
  })

  it('accepts the checked-in justifications file', () => {
    const file = readFileSync(join(repoRoot, 'security/electronegativity-justifications.json'), 'utf8')
    expect(parseJustifications(file).justifications.length).toBeGreaterThan(0)
  })
})

describe('the scan end to end', () => {
  const dirs: string[] = []
  afterEach(() => {
    vi.restoreAllMocks()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('runs the real tool over a built app and fails on its unisolated, unsandboxed window', () => {
    const root = mkdtempSync(join(tmpdir(), 'workbench-electronegativity-test-'))
    dirs.push(root)
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir')
    mkdirSync(join(root, 'out/main'), { recursive: true })
    mkdirSync(join(root, 'out/preload'), { recursive: true })
    mkdirSync(join(root, 'security'))
    writeFileSync(
      join(root, 'out/main/index.js'),
      "const { BrowserWindow } = require('electron')\nconst win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } })\nwin.loadURL('https://example.com')\n"
    )
    writeFileSync(join(root, 'out/preload/index.cjs'), "require('electron')\n")
    writeFileSync(
      join(root, 'security/electronegativity-justifications.json'),
      JSON.stringify({ excludedChecks: [{ check: 'AvailableSecurityFixesGlobalCheck', reason: 'needs the network, which the test machine does not have' }], justifications: [] })
    )
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line))
    vi.spyOn(console, 'log').mockImplementation(() => {})

    expect(main(root)).toBe(1)
    const report = errors.join('\n')
    expect(report).toMatch(/unjustified: CONTEXT_ISOLATION_JS_CHECK \[HIGH\/\w+\] out\/main\/index\.js:2:/)
    expect(report).toMatch(/unjustified: SANDBOX_JS_CHECK \[MEDIUM\/\w+\] out\/main\/index\.js:2:/)
    // A global check: nothing in this app refuses navigation.
    expect(report).toMatch(/unjustified: LIMIT_NAVIGATION_GLOBAL_CHECK \[HIGH/)
  }, 60_000)
})
