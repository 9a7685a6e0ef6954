import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, resolve } from 'node:path'

/**
 * The figures of the last `npm run bench`, one key per benchmark, with the machine and the date.
 * Committed (tests/bench/results/latest.json), so every figure the README quotes traces to a run.
 * BENCH_RESULTS overrides the file, for a run that should not replace the committed one.
 */
const FILE = resolve(process.env.BENCH_RESULTS ?? resolve(__dirname, 'results/latest.json'))

export function machine(): Record<string, string | number> {
  const cpu = cpus()
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`
  }
}

export function recordResult(name: string, data: unknown): void {
  const all = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>) : {}
  all[name] = { ...(data as object), machine: machine(), measuredAt: new Date().toISOString() }
  mkdirSync(dirname(FILE), { recursive: true })
  writeFileSync(FILE, `${JSON.stringify(all, null, 2)}\n`)
}
