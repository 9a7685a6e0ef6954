import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { BucketStore } from '../../../../electron/core/llm/policies/rate-limiter'
import { createBucketStore } from '../../../../electron/core/store/bucket-store'
import { migrate } from '../../../../electron/core/store/migrations/migrate'
import { openDatabase } from '../../../../electron/core/store/open-database'
import { useTempDir } from './temp-dir'

const path = useTempDir()
const opened: Database.Database[] = []
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

/** A connection of its own to the file, as another process would have. */
function connect(name = 'buckets.sqlite'): BucketStore {
  const db = openDatabase(path(name))
  opened.push(db)
  migrate(db)
  return createBucketStore(db)
}

// 60 per minute: one token per second.
const PER_SECOND = 1 / 1000

describe('bucket store', () => {
  it('starts a bucket full and takes from it', () => {
    const store = connect()
    expect(store.take('openai:rpm', 60, PER_SECOND, 1, 0)).toEqual({ granted: true, waitMs: 0, available: 59 })
    expect(store.peek('openai:rpm', 60, PER_SECOND, 0)).toBe(59)
  })

  it('denies an empty bucket with the wait until enough has refilled, then grants', () => {
    const store = connect()
    expect(store.take('k', 60, PER_SECOND, 60, 0).granted).toBe(true)
    expect(store.take('k', 60, PER_SECOND, 1, 0)).toEqual({ granted: false, waitMs: 1000, available: 0 })
    expect(store.take('k', 60, PER_SECOND, 3, 1500)).toEqual({ granted: false, waitMs: 1500, available: 1.5 })
    expect(store.take('k', 60, PER_SECOND, 3, 2999).granted).toBe(false)
    expect(store.take('k', 60, PER_SECOND, 3, 3000)).toEqual({ granted: true, waitMs: 0, available: 0 })
  })

  it('takes nothing when it denies', () => {
    const store = connect()
    store.take('k', 10, PER_SECOND, 8, 0)
    expect(store.take('k', 10, PER_SECOND, 5, 0)).toEqual({ granted: false, waitMs: 3000, available: 2 })
    expect(store.peek('k', 10, PER_SECOND, 0)).toBe(2)
  })

  it('refills no further than the capacity', () => {
    const store = connect()
    store.take('k', 10, PER_SECOND, 10, 0)
    expect(store.peek('k', 10, PER_SECOND, 3_600_000)).toBe(10)
    expect(store.take('k', 10, PER_SECOND, 10, 3_600_000).granted).toBe(true)
    expect(store.take('k', 10, PER_SECOND, 1, 3_600_000).granted).toBe(false)
  })

  it('shares one bucket between two connections to the same file', () => {
    const app = connect()
    const cli = connect()
    expect(app.take('openai:rpm', 2, PER_SECOND, 2, 0).granted).toBe(true)
    expect(cli.peek('openai:rpm', 2, PER_SECOND, 0)).toBe(0)
    expect(cli.take('openai:rpm', 2, PER_SECOND, 1, 0)).toEqual({ granted: false, waitMs: 1000, available: 0 })
    expect(cli.take('openai:rpm', 2, PER_SECOND, 1, 1000).granted).toBe(true)
    expect(app.take('openai:rpm', 2, PER_SECOND, 1, 1000).granted).toBe(false)
  })

  it('keeps buckets of other keys and other files apart', () => {
    const store = connect()
    store.take('openai:rpm', 1, PER_SECOND, 1, 0)
    expect(store.take('anthropic:rpm', 1, PER_SECOND, 1, 0).granted).toBe(true)
    expect(connect('other.sqlite').take('openai:rpm', 1, PER_SECOND, 1, 0).granted).toBe(true)
  })

  it('takes several buckets all or none, waiting for the slowest', () => {
    const store = connect()
    const both = (tokens: number, now: number) =>
      store.takeAll(
        [
          { key: 'p:rpm', capacity: 60, refillPerMs: PER_SECOND, amount: 1 },
          { key: 'p:tpm', capacity: 600, refillPerMs: 10 * PER_SECOND, amount: tokens }
        ],
        now
      )
    expect(both(550, 0)).toEqual({ granted: true, waitMs: 0 })
    // The request bucket has room, the token bucket does not: neither is touched.
    expect(both(100, 0)).toEqual({ granted: false, waitMs: 5000 })
    expect(store.peek('p:rpm', 60, PER_SECOND, 0)).toBe(59)
    expect(store.peek('p:tpm', 600, 10 * PER_SECOND, 0)).toBe(50)
    expect(both(100, 5000)).toEqual({ granted: true, waitMs: 0 })
    expect(store.peek('p:rpm', 60, PER_SECOND, 5000)).toBe(59)
  })

  it('clamps a request larger than the capacity, so it waits for a full bucket rather than forever', () => {
    const store = connect()
    store.take('k', 100, PER_SECOND, 50, 0)
    expect(store.take('k', 100, PER_SECOND, 500, 0)).toEqual({ granted: false, waitMs: 50_000, available: 50 })
    expect(store.take('k', 100, PER_SECOND, 500, 50_000)).toEqual({ granted: true, waitMs: 0, available: 0 })
  })

  it('corrects a bucket after the fact, down into a debt the next request waits out', () => {
    const store = connect()
    store.take('k', 100, PER_SECOND, 40, 0)
    store.adjust('k', -80, 0)
    expect(store.peek('k', 100, PER_SECOND, 0)).toBe(-20)
    expect(store.take('k', 100, PER_SECOND, 10, 0)).toEqual({ granted: false, waitMs: 30_000, available: -20 })
  })

  it('corrects upwards no further than the capacity', () => {
    const store = connect()
    store.take('k', 100, PER_SECOND, 40, 0)
    store.adjust('k', 500, 0)
    expect(store.peek('k', 100, PER_SECOND, 0)).toBe(100)
  })

  it('refills before correcting, so a debt is not paid by refill beyond the capacity', () => {
    const store = connect()
    store.take('k', 100, PER_SECOND, 100, 0)
    // By 1000 s the bucket was long full again; the correction comes out of that full bucket.
    store.adjust('k', -50, 1_000_000)
    expect(store.peek('k', 100, PER_SECOND, 1_000_000)).toBe(50)
  })

  it('ignores a correction to a bucket never taken from', () => {
    const store = connect()
    store.adjust('never', -10, 0)
    expect(store.peek('never', 5, PER_SECOND, 0)).toBe(5)
  })

  it('refills nothing when a clock runs behind the last take', () => {
    const store = connect()
    store.take('k', 10, PER_SECOND, 10, 5000)
    expect(store.take('k', 10, PER_SECOND, 1, 4000)).toEqual({ granted: false, waitMs: 1000, available: 0 })
    // The earlier clock did not move the bucket's time back, so nothing is refilled twice.
    expect(store.take('k', 10, PER_SECOND, 1, 5999).granted).toBe(false)
    expect(store.take('k', 10, PER_SECOND, 1, 6000).granted).toBe(true)
  })

  it('applies a lowered capacity to a bucket that held more', () => {
    const store = connect()
    store.take('k', 100, PER_SECOND, 10, 0)
    expect(store.peek('k', 20, PER_SECOND, 0)).toBe(20)
    expect(store.take('k', 20, PER_SECOND, 20, 0)).toEqual({ granted: true, waitMs: 0, available: 0 })
  })
})
