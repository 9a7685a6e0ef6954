import { describe, expect, it } from 'vitest'
import { takeToken, wsUrl, type PageEnv } from '../../../renderer/src/api/ws-url'

function page(search: string) {
  const stored = new Map<string, string>()
  const replaced: string[] = []
  const env: PageEnv = {
    location: { protocol: 'http:', host: '127.0.0.1:4000', pathname: '/', search, hash: '#x' },
    storage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) },
    replaceUrl: (url) => replaced.push(url)
  }
  return { env, stored, replaced }
}

describe('ws url', () => {
  it('takes the token from the query, keeps it for reloads and removes it from the address bar', () => {
    const first = page('?token=abc123&lang=en')
    expect(takeToken(first.env)).toBe('abc123')
    expect(first.replaced).toEqual(['/?lang=en#x'])

    const reload = page('')
    reload.env.storage = first.env.storage
    expect(takeToken(reload.env)).toBe('abc123')
    expect(reload.replaced).toEqual([])
  })

  it('builds ws or wss on the page host with the token encoded', () => {
    expect(wsUrl({ protocol: 'http:', host: 'localhost:9' }, 'a b')).toBe('ws://localhost:9/ws?token=a%20b')
    expect(wsUrl({ protocol: 'https:', host: 'h' }, null)).toBe('wss://h/ws')
  })
})
