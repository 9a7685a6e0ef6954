import type { Snippet } from '../../../shared/types/domain'

/**
 * What the search index (unicode61) makes words of: runs of letters, digits and private-use
 * characters. Everything else separates words and is not indexed.
 */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu
const ENDS_IN_TOKEN = /[\p{L}\p{N}\p{Co}]$/u

/** A one-letter prefix would match most of the index: a word that short is matched whole. */
const MIN_PREFIX = 2

/** What a person typed, read as search words. */
export interface ParsedQuery {
  /** The words with at least one indexable character, as typed. */
  words: string[]
  /** Whether the last word is still being typed and matches as a prefix. */
  prefix: boolean
}

/**
 * Reads a query as words that must all appear, in any order. The last word is a prefix while it
 * is being typed ("lifet" finds "lifetimes"), but not once it ends in punctuation ("50%" has
 * finished its number and must not find "500") or while it is a single letter. Null when no word
 * is left: the query is punctuation only.
 */
export function parseQuery(text: string): ParsedQuery | null {
  const words = text.split(/\s+/).filter((w) => w.match(TOKEN) !== null)
  const last = words.at(-1)
  if (last === undefined) return null
  const lastToken = last.match(TOKEN)!.at(-1)!
  return { words, prefix: ENDS_IN_TOKEN.test(last) && [...lastToken].length >= MIN_PREFIX }
}

/**
 * The FTS5 query for parsed words: each word is a quoted string, so FTS syntax (AND, OR, NOT,
 * NEAR, *, ^, column:) is read as text, and a word holding punctuation ("snake_case", "v1.2") is
 * a phrase of its parts.
 */
export function ftsQuery({ words, prefix }: ParsedQuery): string {
  return words
    .map((word, i) => {
      const quoted = `"${word.replace(/"/g, '""')}"`
      return prefix && i === words.length - 1 ? `${quoted}*` : quoted
    })
    .join(' ')
}

/** Escapes LIKE's wildcards so a search for "%" or "_" matches those characters literally. */
export function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}

/** Case and accents folded as the index folds them (remove_diacritics 2), for marking matches. */
function fold(token: string): string {
  return token.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()
}

/** Characters of context kept before the first match, and in the whole snippet. */
const BEFORE = 40
const LENGTH = 160

/**
 * A one-line excerpt of text around its first match, matches marked. The index has already
 * decided that the text matches; this only finds where, the way the index reads words, so that
 * a snippet costs a pass over one message instead of a second search of the index (FTS5's own
 * snippet() re-expands a prefix query on every call: 200 snippets of a common prefix took 165 ms).
 */
export function snippetOf(text: string, query: ParsedQuery): Snippet {
  const matches = matcherFor(query)
  const line = text.replace(/\s+/g, ' ').trim()
  const hits: Array<[number, number]> = []
  for (const m of line.matchAll(TOKEN)) if (matches(fold(m[0]))) hits.push([m.index, m.index + m[0].length])
  const [first, firstEnd] = hits[0] ?? [0, 0]
  // Cut at spaces where there are some, so the excerpt starts and ends on whole words.
  let start = first <= BEFORE ? 0 : first - BEFORE
  const space = start > 0 ? line.indexOf(' ', start) : -1
  if (space !== -1 && space < first) start = space + 1
  let end = Math.min(line.length, start + LENGTH)
  const lastSpace = end < line.length ? line.lastIndexOf(' ', end) : -1
  if (lastSpace > first) end = lastSpace
  end = Math.max(end, Math.min(firstEnd, line.length))

  const parts: Snippet = []
  // A match inside one huge token (base64, a hash) still makes a short part.
  const push = (from: number, to: number, hit: boolean) => {
    if (to > from) parts.push({ text: line.slice(from, Math.min(to, from + LENGTH)), hit })
  }
  let at = start
  for (const [from, to] of hits) {
    if (from < start || to > end) continue
    push(at, from, false)
    push(from, to, true)
    at = to
  }
  push(at, end, false)
  if (start > 0) parts.unshift({ text: '…', hit: false })
  if (end < line.length) parts.push({ text: '…', hit: false })
  return parts.slice(0, 64)
}

/** Whether a folded token is one of the query's words, the last one as a prefix when the query says so. */
// One search builds a snippet for up to 200 rows with the same query: build its matcher once.
const matchers = new WeakMap<ParsedQuery, (token: string) => boolean>()
function matcherFor(query: ParsedQuery): (token: string) => boolean {
  let m = matchers.get(query)
  if (!m) matchers.set(query, (m = matcher(query)))
  return m
}

function matcher({ words, prefix }: ParsedQuery): (token: string) => boolean {
  const whole = new Set<string>()
  let stem: string | null = null
  words.forEach((word, i) => {
    const tokens = [...word.matchAll(TOKEN)].map((m) => fold(m[0]))
    if (prefix && i === words.length - 1) stem = tokens.pop() ?? null
    for (const t of tokens) whole.add(t)
  })
  return (token) => whole.has(token) || (stem !== null && token.startsWith(stem))
}
