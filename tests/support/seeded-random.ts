/** A small deterministic PRNG, so a chaos run that fails can be replayed from its printed seed. */
export interface SeededRandom {
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[]
  /** One entry, chosen with probability proportional to its weight. */
  weighted<T>(entries: ReadonlyArray<readonly [weight: number, value: T]>): T
}

/** The seed from CHAOS_SEED when set (to replay a run), else a fresh one. */
export function chaosSeed(env: Record<string, string | undefined> = process.env): number {
  const given = env.CHAOS_SEED
  if (given !== undefined && given !== '') {
    const seed = Number(given)
    if (!Number.isInteger(seed)) throw new Error(`CHAOS_SEED must be an integer, not "${given}"`)
    return seed >>> 0
  }
  return Math.floor(Math.random() * 2 ** 32) >>> 0
}

/** mulberry32: 32 bits of state, good enough spread for test schedules, trivially reproducible. */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[int(0, items.length - 1)]!
    },
    shuffle: (items) => {
      const out = [...items]
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i)
        ;[out[i], out[j]] = [out[j]!, out[i]!]
      }
      return out
    },
    weighted: (entries) => {
      const total = entries.reduce((sum, [w]) => sum + w, 0)
      let roll = next() * total
      for (const [w, value] of entries) {
        roll -= w
        if (roll < 0) return value
      }
      return entries[entries.length - 1]![1]
    }
  }
}

/**
 * A seed derived from a seed and some parts (FNV-1a over their text): a generator per request,
 * lane or target whose draws do not depend on how many other draws happened before, or in what order.
 */
export function mixSeed(seed: number, ...parts: ReadonlyArray<string | number>): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0)
  for (const ch of [seed, ...parts].join('|')) {
    hash ^= ch.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}
