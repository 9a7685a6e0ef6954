import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, withContentSecurityPolicy } from '../../../electron/main/security/content-security-policy'

function directives(policy: string): Record<string, string> {
  return Object.fromEntries(policy.split('; ').map((d) => [d.slice(0, d.indexOf(' ')), d.slice(d.indexOf(' ') + 1)]))
}

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts and connections in production', () => {
    expect(directives(contentSecurityPolicy())).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'form-action': "'none'"
    })
  })

  it("lets the dev server's inline preamble and hot-reload socket through, and nothing else", () => {
    const dev = directives(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }))
    expect(dev['script-src']).toBe("'self' 'unsafe-inline'")
    expect(dev['connect-src']).toBe("'self' ws://localhost:5173")
    expect(dev['object-src']).toBe("'none'")
  })
})

describe('withContentSecurityPolicy', () => {
  it("replaces a server's own policy whatever its capitalisation and keeps other headers", () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' }, "default-src 'self'")
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] })
  })

  it('adds the policy when there were no headers', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] })
  })
})
