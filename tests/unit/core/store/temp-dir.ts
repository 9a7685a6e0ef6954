import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** A fresh temp folder per test, removed afterwards; returns a function making paths inside it. */
export function useTempDir(): (name: string) => string {
  let dir: string | null = null
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = null
  })
  return (name) => {
    dir ??= mkdtempSync(join(tmpdir(), 'workbench-store-'))
    return join(dir, name)
  }
}
