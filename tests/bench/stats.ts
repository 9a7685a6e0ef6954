import type { Figures } from './interleave'

/** Percentile of an unsorted sample (nearest-rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

export interface Summary {
  p50: number
  p99: number
  mean: number
}

export function summarise(values: number[]): Summary {
  return { p50: percentile(values, 50), p99: percentile(values, 99), mean: values.reduce((a, b) => a + b, 0) / values.length }
}

/**
 * The added cost of `measured` over `baseline`, round by round: the median and p99 of the per-round
 * differences (not the difference of two p99s, which mixes unrelated rounds' outliers).
 */
export function paired(baseline: Figures[], measured: Figures[], figure: string): Summary {
  if (baseline.length !== measured.length) throw new Error(`paired: ${baseline.length} baseline rounds vs ${measured.length}`)
  return summarise(measured.map((m, i) => m[figure]! - baseline[i]![figure]!))
}

/** Every round's value of one figure. */
export const column = (samples: Figures[], figure: string): number[] => samples.map((s) => s[figure]!)

export const ms = (v: number) => `${v.toFixed(3)} ms`

/** An added cost, signed: a variant faster than its baseline in a round shows as negative, not as "≈ 0". */
export const added = (v: number) => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(3)} ms`

/** Prints one benchmark table. */
export function report(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n## ${title}`)
  console.table(rows)
}
