import type { Snippet } from '../../../shared/types/domain'

/**
 * What the search index (unicode61) makes words of: letters, digits and private-use characters.
 * Everything else separates words and is not indexed.
 */
const WORD_CHAR = /[\p{L}\p{N}\p{Co}]/u
const ENDS_IN_WORD_CHAR = /[\p{L}\p{N}\p{Co}]$/u

/**
 * Turns what a person typed into an FTS5 query that means exactly those words: each word is a
 * quoted string, so FTS syntax (AND, OR, NOT, NEAR, *, ^, column:) is read as text, and the words
 * must all appear, in any order. A word holding punctuation ("snake_case", "v1.2") is a phrase
 * of its parts. The last word is a prefix while it is being typed ("lifet" finds "lifetimes"),
 * but not once it ends in punctuation: "50%" has finished its number and must not find "500".
 * Null when no word is left (the query is punctuation only).
 */
export function ftsQuery(text: string): string | null {
  const words = text.split(/\s+/).filter((w) => WORD_CHAR.test(w))
  if (words.length === 0) return null
  return words
    .map((word, i) => {
      const quoted = `"${word.replace(/"/g, '""')}"`
      return i === words.length - 1 && ENDS_IN_WORD_CHAR.test(word) ? `${quoted}*` : quoted
    })
    .join(' ')
}

/** Escapes LIKE's wildcards so a search for "%" or "_" matches those characters literally. */
export function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}

/**
 * Markers FTS5's snippet() and highlight() put around each match. Control characters: model
 * output practically never holds them, and the worst a stray one does is mis-mark a word.
 */
export const HIT_START = '\u0001'
export const HIT_END = '\u0002'

/** A long unbroken token (a hash, base64) would make one part huge; the sidebar shows a line. */
const MAX_PART = 200

/** Splits marked text into parts, matches flagged, each part kept short. */
export function toSnippet(marked: string): Snippet {
  const parts: Snippet = []
  let hit = false
  for (const piece of marked.split(/([\u0001\u0002])/)) {
    if (piece === HIT_START) hit = true
    else if (piece === HIT_END) hit = false
    else if (piece !== '') parts.push({ text: shorten(piece, parts.length === 0 && !hit), hit })
  }
  return parts.slice(0, 64)
}

/** Before the first match the words nearest to it matter, so a long lead-in keeps its end. */
function shorten(text: string, leadIn: boolean): string {
  if (text.length <= MAX_PART) return text
  return leadIn ? `…${text.slice(-MAX_PART)}` : `${text.slice(0, MAX_PART)}…`
}
