import { existsSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/core/store/open-database'
import { caught } from './caught'
import { useTempDir } from './temp-dir'

const path = useTempDir()

describe('openDatabase', () => {
  it('creates missing parent folders', () => {
    const file = path('a/b/c/workbench.sqlite')
    const db = openDatabase(file)
    db.close()
    expect(existsSync(file)).toBe(true)
  })

  it('turns on WAL, NORMAL sync, foreign keys and a 5 s busy timeout', () => {
    const db = openDatabase(path('pragmas.sqlite'))
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('synchronous', { simple: true })).toBe(1) // 1 = NORMAL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    } finally {
      db.close()
    }
  })

  it('reports a file that is not a database as database_corrupt', () => {
    const file = path('garbage.sqlite')
    writeFileSync(file, Buffer.alloc(8192, 'not a database '))
    const err = caught(() => openDatabase(file))
    expect(err.code).toBe('database_corrupt')
    expect(err.retryable).toBe(false)
    expect(err.message).toContain(file)
    expect(err.message).toMatch(/move the file aside/)
  })

  it('reports a parent path that is a file as database_unavailable', () => {
    const blocker = path('blocker')
    writeFileSync(blocker, 'a file, not a folder')
    expect(caught(() => openDatabase(`${blocker}/inside/workbench.sqlite`)).code).toBe('database_unavailable')
  })
})
