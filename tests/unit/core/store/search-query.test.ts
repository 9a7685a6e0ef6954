import { describe, expect, it } from 'vitest'
import { ftsQuery, parseQuery, snippetOf } from '../../../../electron/core/store/search-query'

const fts = (text: string) => {
  const parsed = parseQuery(text)
  return parsed && ftsQuery(parsed)
}
const marked = (text: string, query: string) => snippetOf(text, parseQuery(query)!).map((p) => (p.hit ? `[${p.text}]` : p.text)).join('')

describe('search queries', () => {
  it('quotes every word, so FTS syntax is text, and makes the last one a prefix', () => {
    expect(fts('rust lifet')).toBe('"rust" "lifet"*')
    expect(fts('a AND b OR NOT c')).toBe('"a" "AND" "b" "OR" "NOT" "c"')
    expect(fts('say "hi"')).toBe('"say" """hi"""')
    expect(fts('col:value* NEAR(xy')).toBe('"col:value*" "NEAR(xy"*')
  })

  it('ends the prefix where the word ends in punctuation or is one letter', () => {
    expect(fts('50%')).toBe('"50%"')
    expect(fts('snake_case')).toBe('"snake_case"*')
    expect(fts('plan b')).toBe('"plan" "b"')
    expect(fts('été')).toBe('"été"*')
  })

  it('drops punctuation-only words, and gives null when nothing is left', () => {
    expect(fts('% budget *')).toBe('"budget"*')
    for (const q of ['%', '"', '*', ' ', '""', '()', '-+^:']) expect(fts(q), q).toBeNull()
  })

  it('marks matching words as the index folds them: case, accents, the last word as a prefix', () => {
    expect(marked('Meet at the Café in Évora', 'cafe EVOR')).toBe('Meet at the [Café] in [Évora]')
    expect(marked('snake_case names', 'snake_case')).toBe('[snake]_[case] names')
    expect(marked('plan b, plan bee', 'plan b')).toBe('[plan] [b], [plan] bee')
  })

  it('cuts a long text to a line around the first match, on word boundaries', () => {
    const text = `${'lorem ipsum '.repeat(30)}the needle is here ${'dolor sit '.repeat(40)}`
    const parts = snippetOf(text, parseQuery('needle')!)
    const line = parts.map((p) => p.text).join('')
    expect(parts[0]).toEqual({ text: '…', hit: false })
    expect(parts.at(-1)).toEqual({ text: '…', hit: false })
    expect(parts.filter((p) => p.hit)).toEqual([{ text: 'needle', hit: true }])
    expect(line.length).toBeLessThan(200)
    expect(line).toMatch(/^…(ipsum|lorem) .*needle is here dolor .*(sit|dolor)…$/)
  })

  it('keeps every part short, even a match inside one huge token', () => {
    const parts = snippetOf(`see ${'x'.repeat(5_000)}needle`, parseQuery('see')!)
    expect(Math.max(...parts.map((p) => p.text.length))).toBeLessThanOrEqual(160)
    expect(snippetOf(`${'y'.repeat(5_000)} needle`, parseQuery('needle')!).every((p) => p.text.length <= 160)).toBe(true)
  })

  it('keeps a text with no match found (the index and this reading disagree) as its start, unmarked', () => {
    expect(marked('short text\nover two lines', 'zzz')).toBe('short text over two lines')
  })
})
