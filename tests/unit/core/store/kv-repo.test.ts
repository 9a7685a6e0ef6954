import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { useStores } from './store-fixture'

const { open } = useStores()

describe('key-value repo', () => {
  it('reads a missing key as undefined', () => {
    expect(open().kv.get('nothing')).toBeUndefined()
  })

  it('round-trips JSON values and overwrites them', () => {
    const { kv } = open()
    const settings = { theme: 'dark', providers: [{ id: 'openai', enabled: true }], limit: 1.5, none: null }
    kv.set('settings', settings)
    expect(kv.get('settings')).toEqual(settings)
    kv.set('settings', 'replaced')
    expect(kv.get('settings')).toBe('replaced')
    kv.set('flag', false)
    expect(kv.get('flag')).toBe(false)
  })

  it('deletes a key set to undefined', () => {
    const { kv } = open()
    kv.set('k', 1)
    kv.set('k', undefined)
    expect(kv.get('k')).toBeUndefined()
  })

  it('stores JSON text with the time it was written', () => {
    const store = open()
    store.kv.set('k', { a: 1 })
    const raw = new Database(store.path, { readonly: true })
    expect(raw.prepare('SELECT value, updated_at FROM kv').get()).toEqual({ value: '{"a":1}', updated_at: 1_000 })
    raw.close()
  })
})
