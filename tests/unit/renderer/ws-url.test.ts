import { describe, expect, it } from 'vitest'
import { takeToken, wsUrl, type PageEnv } from '../../../renderer/src/api/ws-url'

function page(hash: string, search = '?lang=en') {
  const stored = new Map<string, string>()
  const replaced: string[] = []
  const env: PageEnv = {
    location: { protocol: 'http:', host: '127.0.0.1:4000', pathname: '/', search, hash },
    storage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) },
    replaceUrl: (url) => replaced.push(url)
  }
  return { env, stored, replaced }
}

describe('ws url', () => {
  it('takes the token from the fragment, keeps it for reloads and removes it from the address bar', () => {
    const first = page('#token=abc123')
    expect(takeToken(first.env)).toBe('abc123')
    expect(first.replaced).toEqual(['/?lang=en'])

    const reload = page('')
    reload.env.storage = first.env.storage
    expect(takeToken(reload.env)).toBe('abc123')
    expect(reload.replaced).toEqual([])
  })

  it('keeps the rest of the fragment and ignores a token in the query, which a server would see', () => {
    const mixed = page('#token=abc123&view=x', '')
    expect(takeToken(mixed.env)).toBe('abc123')
    expect(mixed.replaced).toEqual(['/#view=x'])
    expect(takeToken(page('', '?token=abc123').env)).toBeNull()
  })

  it('builds ws or wss on the page host and never puts the token in it', () => {
    expect(wsUrl({ protocol: 'http:', host: 'localhost:9' })).toBe('ws://localhost:9/ws')
    expect(wsUrl({ protocol: 'https:', host: 'h' })).toBe('wss://h/ws')
  })
})
