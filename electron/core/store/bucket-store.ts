import type { Database } from 'better-sqlite3'
import type { BucketGrant, BucketRequest, BucketStore, BucketTake } from '../llm/policies/rate-limiter'
import { guardMethods, withStoreErrors } from './sqlite-errors'

interface BucketRow {
  tokens: number
  capacity: number
  refill_per_ms: number
  updated_at: number
}

/** Tokens at now: what was left plus the refill since, never above capacity. A clock going back refills nothing. */
function level(row: BucketRow | undefined, capacity: number, refillPerMs: number, now: number): number {
  if (!row) return capacity
  return Math.min(capacity, row.tokens + Math.max(0, now - row.updated_at) * refillPerMs)
}

/**
 * The rate_buckets table (migration 0006) as a BucketStore. Every take is one IMMEDIATE transaction
 * (refill, check, take), so processes sharing the file never both spend the same tokens. Only a
 * granted take writes; a denied one only reads, since refill is computed from updated_at.
 *
 * Clamp: an amount above capacity is taken as capacity (the request waits for a full bucket, then
 * empties it), so an oversized request cannot wait forever; the lease's correction later charges the rest.
 */
export function createBucketStore(db: Database): BucketStore {
  return withStoreErrors(db.name, () => guardMethods(bucketStoreOn(db), db.name))
}

function bucketStoreOn(db: Database): BucketStore {
  const select = db.prepare<[string], BucketRow>('SELECT tokens, capacity, refill_per_ms, updated_at FROM rate_buckets WHERE key = ?')
  const upsert = db.prepare<[string, number, number, number, number]>(
    `INSERT INTO rate_buckets (key, tokens, capacity, refill_per_ms, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, capacity = excluded.capacity,
       refill_per_ms = excluded.refill_per_ms, updated_at = excluded.updated_at`
  )
  const update = db.prepare<[number, number, string]>('UPDATE rate_buckets SET tokens = ?, updated_at = ? WHERE key = ?')

  const takeAll = db.transaction((requests: readonly BucketRequest[], now: number): BucketTake => {
    let waitMs = 0
    const rows = requests.map((r) => select.get(r.key))
    const levels = requests.map((r, i) => level(rows[i], r.capacity, r.refillPerMs, now))
    requests.forEach((r, i) => {
      const need = Math.min(Math.max(0, r.amount), r.capacity) - (levels[i] as number)
      if (need > 0) waitMs = Math.max(waitMs, Math.ceil(need / r.refillPerMs))
    })
    if (waitMs > 0) return { granted: false, waitMs, available: levels[0] ?? 0 }
    let available = 0
    requests.forEach((r, i) => {
      const left = (levels[i] as number) - Math.min(Math.max(0, r.amount), r.capacity)
      if (i === 0) available = left
      // Never move updated_at back: another process with a clock a little ahead must not be refilled twice.
      upsert.run(r.key, left, r.capacity, r.refillPerMs, Math.max(now, rows[i]?.updated_at ?? now))
    })
    return { granted: true, waitMs: 0, available }
  })

  const adjust = db.transaction((key: string, delta: number, now: number) => {
    const row = select.get(key)
    if (!row) return
    // Refill up to now first, so a debt is not paid by refill that overflowed the capacity before it.
    const tokens = Math.min(row.capacity, level(row, row.capacity, row.refill_per_ms, now) + delta)
    update.run(tokens, Math.max(now, row.updated_at), key)
  })

  return {
    take(key, capacity, refillPerMs, amount, now) {
      return takeAll.immediate([{ key, capacity, refillPerMs, amount }], Math.floor(now))
    },
    takeAll(requests, now): BucketGrant {
      const { granted, waitMs } = takeAll.immediate(requests, Math.floor(now))
      return { granted, waitMs }
    },
    adjust(key, delta, now) {
      adjust.immediate(key, delta, Math.floor(now))
    },
    peek(key, capacity, refillPerMs, now) {
      return level(select.get(key), capacity, refillPerMs, Math.floor(now))
    }
  }
}
