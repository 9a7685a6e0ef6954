import { describe, expect, it } from 'vitest'
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  externalUrl,
  isTrustedSender,
  isTrustedUrl,
  originOf,
  trustedOrigins
} from '../../../electron/main/security/trusted-origins'

describe('originOf', () => {
  it('gives the app scheme a real origin although WHATWG URL calls it "null"', () => {
    expect(new URL(APP_ENTRY_URL).origin).toBe('null')
    expect(originOf(APP_ENTRY_URL)).toBe(APP_ORIGIN)
  })

  it('keeps the port and lowercases the host', () => {
    expect(originOf('http://LOCALHOST:5173/src/main.tsx')).toBe('http://localhost:5173')
  })

  it('returns null for unparsable or host-less URLs', () => {
    expect(originOf('not a url')).toBeNull()
    expect(originOf('file:///etc/passwd')).toBeNull()
    expect(originOf('data:text/html,<script>')).toBeNull()
  })
})

describe('trustedOrigins', () => {
  it('trusts only the app origin in production', () => {
    expect(trustedOrigins(undefined)).toEqual([APP_ORIGIN])
  })

  it('adds a loopback dev server but never a remote one', () => {
    expect(trustedOrigins('http://localhost:5173/')).toEqual([APP_ORIGIN, 'http://localhost:5173'])
    expect(trustedOrigins('http://127.0.0.1:5174')).toEqual([APP_ORIGIN, 'http://127.0.0.1:5174'])
    expect(trustedOrigins('https://evil.example:5173')).toEqual([APP_ORIGIN])
    expect(trustedOrigins('http://localhost.evil.example:5173')).toEqual([APP_ORIGIN])
  })
})

describe('isTrustedUrl', () => {
  const origins = trustedOrigins(undefined)

  it('accepts pages of the app origin only', () => {
    expect(isTrustedUrl('app://workbench/index.html#/settings', origins)).toBe(true)
    expect(isTrustedUrl('app://other/index.html', origins)).toBe(false)
    expect(isTrustedUrl('app://workbench.evil/index.html', origins)).toBe(false)
    expect(isTrustedUrl('https://workbench/index.html', origins)).toBe(false)
    expect(isTrustedUrl('file:///work/out/renderer/index.html', origins)).toBe(false)
  })
})

describe('isTrustedSender', () => {
  const origins = trustedOrigins(undefined)
  const ours = { webContentsId: 3, frameUrl: APP_ENTRY_URL, isMainFrame: true }

  it('accepts the main frame of our window on our origin', () => {
    expect(isTrustedSender(ours, 3, origins)).toBe(true)
  })

  it('refuses another window, an iframe, a destroyed frame, a foreign page, or no window at all', () => {
    expect(isTrustedSender({ ...ours, webContentsId: 4 }, 3, origins)).toBe(false)
    expect(isTrustedSender({ ...ours, isMainFrame: false }, 3, origins)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: null }, 3, origins)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: 'https://example.com/' }, 3, origins)).toBe(false)
    expect(isTrustedSender(ours, null, origins)).toBe(false)
  })
})

describe('externalUrl', () => {
  it('passes http and https links through, normalised', () => {
    expect(externalUrl('https://example.com/a b')).toBe('https://example.com/a%20b')
    expect(externalUrl('http://example.com')).toBe('http://example.com/')
  })

  it('refuses every other scheme and links that hide their host behind credentials', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://workbench/', 'vbscript:x', 'not a url']) {
      expect(externalUrl(url), url).toBeNull()
    }
    expect(externalUrl('https://docs.example.com@evil.example/')).toBeNull()
    expect(externalUrl('https://user:pass@example.com/')).toBeNull()
  })
})
