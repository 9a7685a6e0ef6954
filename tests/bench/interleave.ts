/**
 * Runs several variants of one measurement round by round, rotating who goes first, so that
 * drift in the machine's load (another process, a GC, thermal throttling) hits every variant alike.
 * Each variant returns named figures (e.g. `{ ttft, total }`); the result keeps them per round, so
 * differences can be taken round by round (see `paired` in stats.ts) instead of between two summaries.
 */
export type Figures = Record<string, number>
export type Variant = () => Promise<Figures>

export async function interleaved<K extends string>(
  variants: Record<K, Variant>,
  opts: { rounds: number; warmup?: number }
): Promise<Record<K, Figures[]>> {
  const names = Object.keys(variants) as K[]
  const samples = Object.fromEntries(names.map((n) => [n, [] as Figures[]])) as Record<K, Figures[]>
  const warmup = opts.warmup ?? 0
  for (let round = 0; round < warmup + opts.rounds; round++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(round + j) % names.length]!
      const figures = await variants[name]()
      if (round >= warmup) samples[name].push(figures)
    }
  }
  return samples
}
