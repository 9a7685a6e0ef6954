// Types for electronegativity.mjs, so tests can import its pure parts under strict TS.
export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH'
export interface Finding {
  id: string
  severity: Severity
  confidence: string
  file: string
  location: string
  sample: string
  description: string
}
export interface Justification {
  id: string
  file: string
  sample?: string
  source?: string
  reason: string
}
export declare const SEVERITIES: Severity[]
export declare function parseFindings(report: unknown, inputDir: string): Finding[]
export declare function parseErrors(report: unknown): string[]
export declare function parseJustifications(json: unknown): { justifications: Justification[]; excludedChecks: Array<{ check: string; reason: string }> }
export declare function justifies(j: Justification, finding: Finding): boolean
export declare function checkFindings(
  findings: Finding[],
  justifications: Justification[]
): { ok: boolean; unjustified: Finding[]; stale: Justification[]; justified: number }
export declare function describeFinding(f: Finding): string
export declare function scan(root: string, input: string, reportPath: string, excludedChecks: string[], electronVersion: string): Promise<void>
export declare function main(root?: string): number
