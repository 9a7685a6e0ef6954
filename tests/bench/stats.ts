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

export const ms = (v: number) => `${v.toFixed(3)} ms`

/** Prints one benchmark table row set and returns the same data for the JSON report. */
export function report(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n## ${title}`)
  console.table(rows)
}
