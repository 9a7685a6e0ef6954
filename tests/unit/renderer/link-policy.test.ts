import { describe, expect, it } from 'vitest'
import { isWebUrl, linkAction } from '../../../renderer/src/components/link-policy'

describe('what a link in model output may do', () => {
  it('opens only web and mail addresses outside the app', () => {
    expect(linkAction('https://example.com/a?b#c')).toBe('external')
    expect(linkAction('http://127.0.0.1:9/x')).toBe('external')
    expect(linkAction('mailto:someone@example.com')).toBe('external')
  })

  it('keeps a GFM footnote and its back-reference within the message', () => {
    expect(linkAction('#user-content-fn-1')).toBe('in-message')
    expect(linkAction('#user-content-fnref-1')).toBe('in-message')
  })

  it('follows nothing else: stripped javascript:, relative paths, other schemes', () => {
    // react-markdown leaves an empty href where it removed a javascript: URL.
    for (const href of ['', undefined, null, '#', 'other/page', '/index.html', '//evil.example/x', 'javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'vbscript:x']) {
      expect(linkAction(href), String(href)).toBe('inert')
    }
  })

  it('offers an image as a link only for a web address', () => {
    expect(isWebUrl('https://example.com/x.png')).toBe(true)
    expect(isWebUrl('mailto:a@b.c')).toBe(false)
    expect(isWebUrl('x.png')).toBe(false)
    expect(isWebUrl('')).toBe(false)
  })
})
