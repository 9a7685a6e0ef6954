import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

const FILE = resolve(__dirname, '../../bench-results.json')

/** Keeps the figures of the last `npm run bench`, one key per benchmark, for the README and notes. */
export function recordResult(name: string, data: unknown): void {
  const all = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>) : {}
  all[name] = { ...(data as object), measuredAt: new Date().toISOString() }
  writeFileSync(FILE, `${JSON.stringify(all, null, 2)}\n`)
}
