import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mimeTypeFor, resolveAppAsset } from '../../../electron/main/security/app-asset'

let base: string
let root: string
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'workbench-app-asset-'))
  root = join(base, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html>')
  writeFileSync(join(root, 'assets', 'index.js'), '')
  writeFileSync(join(base, 'secret.txt'), 'outside the root')
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('resolveAppAsset', () => {
  it('maps app://workbench/ paths to files under the root, and / to index.html', () => {
    expect(resolveAppAsset(root, 'app://workbench/')).toBe(join(root, 'index.html'))
    expect(resolveAppAsset(root, 'app://workbench/assets/index.js?v=1#x')).toBe(join(root, 'assets', 'index.js'))
    expect(resolveAppAsset(root, 'app://workbench/assets/my%20file.js')).toBe(join(root, 'assets', 'my file.js'))
  })

  it('refuses every way of climbing out of the root', () => {
    const attempts = [
      'app://workbench/../secret.txt',
      'app://workbench/%2e%2e/secret.txt',
      'app://workbench/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://workbench/..%2fsecret.txt',
      'app://workbench/..%5csecret.txt',
      'app://workbench/%2fetc%2fpasswd'
    ]
    for (const url of attempts) {
      const file = resolveAppAsset(root, url)
      expect(file === null || file.startsWith(root + '/'), `${url} -> ${file}`).toBe(true)
    }
    // The URL parser already folds a literal or %2e dot-segment at the top back to the root...
    expect(resolveAppAsset(root, 'app://workbench/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'))
    // ...but an encoded slash survives parsing, so the resolver itself must refuse it.
    expect(resolveAppAsset(root, 'app://workbench/assets/%2e%2e%2f%2e%2e%2fsecret.txt')).toBeNull()
    expect(resolveAppAsset(root, 'app://workbench/..%2fsecret.txt')).toBeNull()
  })

  it('refuses other hosts, other schemes, NUL bytes and undecodable paths', () => {
    expect(resolveAppAsset(root, 'app://evil/index.html')).toBeNull()
    expect(resolveAppAsset(root, 'file:///index.html')).toBeNull()
    expect(resolveAppAsset(root, 'app://workbench/index.html%00.png')).toBeNull()
    expect(resolveAppAsset(root, 'app://workbench/%E0%A4%A')).toBeNull()
    expect(resolveAppAsset(root, 'not a url')).toBeNull()
  })
})

describe('mimeTypeFor', () => {
  it('names the built file kinds and treats anything else as opaque bytes', () => {
    expect(mimeTypeFor('/x/index.html')).toBe('text/html; charset=utf-8')
    expect(mimeTypeFor('/x/assets/index-abc.JS')).toBe('text/javascript; charset=utf-8')
    expect(mimeTypeFor('/x/font.woff2')).toBe('font/woff2')
    expect(mimeTypeFor('/x/unknown.bin')).toBe('application/octet-stream')
  })
})
