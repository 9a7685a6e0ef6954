/**
 * Decides, in one linear pass, whether a message is safe to hand to the markdown parser.
 *
 * micromark's cost grows with nesting: 3,000 nested emphasis pairs took a minute, `'>'×3000`
 * overflows the stack, and even flat markup costs about 1 ms per table cell or emphasis pair
 * on a busy core. A message past any bound below is shown as plain text instead, so no single
 * answer can freeze the conversation that holds it. Every approximation here errs towards
 * "plain": a false alarm costs formatting, a miss costs the page.
 */

export interface MarkdownLimits {
  /** Characters formatted at all (about 10,000 tokens of prose). */
  maxChars: number
  /** One line: long lines are where inline parsing (tables, emphasis, links) piles up. */
  maxLineChars: number
  /** Blockquote and list levels on one line, indentation included (2 columns a level). */
  maxNesting: number
  /** Emphasis delimiters still open within a paragraph, and the longest delimiter run. */
  maxOpenEmphasis: number
  /** Emphasis runs, `|`, `[` and backtick runs outside code fences: the parser's per-item work. */
  maxMarkup: number
}

export const MARKDOWN_LIMITS: MarkdownLimits = {
  maxChars: 40_000,
  maxLineChars: 10_000,
  maxNesting: 32,
  maxOpenEmphasis: 100,
  maxMarkup: 4_000
}

export type MarkdownVerdict = { format: true } | { format: false; reason: 'too large' | 'too deeply nested' }

const FORMAT: MarkdownVerdict = { format: true }
const TOO_LARGE: MarkdownVerdict = { format: false, reason: 'too large' }
const TOO_DEEP: MarkdownVerdict = { format: false, reason: 'too deeply nested' }

const TAB = 9, SPACE = 32, GT = 62, DASH = 45, STAR = 42, PLUS = 43, UNDERSCORE = 95, TILDE = 126, BACKTICK = 96, PIPE = 124, BRACKET = 91

/** Whether `text` may be formatted as markdown within the limits, and why not when it may not. */
export function guardMarkdown(text: string, limits: MarkdownLimits = MARKDOWN_LIMITS): MarkdownVerdict {
  if (text.length > limits.maxChars) return TOO_LARGE
  let open = 0 // emphasis delimiters open in the current paragraph
  let markup = 0
  let fence: Fence | null = null
  // The current paragraph's first line's container prefix, and the table (its row prefix) we are in.
  let paragraph: string | null = null
  let header: { prefix: string; cells: number } | null = null
  let table: string | null = null
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    const line = containers(text, start, end)
    if (line.depth > limits.maxNesting) return TOO_DEEP
    if (end - start > limits.maxLineChars) return TOO_LARGE
    const next = start
    start = end + 1
    if (fence && continuesFence(text, next, end, fence)) {
      if (closesFence(text, next + fence.prefix.length, end, fence)) fence = null
      continue
    }
    fence = opensFence(text, next, line)
    const prefix = text.slice(next, line.content)
    const row = table !== null && prefix === table && text.charCodeAt(line.content) === PIPE
    if (!row) table = null
    const heading = isHeading(text, line.content)
    if (fence || heading || isBlank(text, line.content, end)) {
      // A heading is one line: scan it on its own, like a table row.
      const scan = heading ? scanInline(text, line.content, end, 0, limits.maxOpenEmphasis) : { open: 0, markup: 0 }
      if (scan === null) return TOO_DEEP
      markup += scan.markup
      open = 0
      paragraph = header = null
      continue
    }
    // A GFM table: emphasis never spans its cells or rows. Only a header that cannot be a lazy
    // continuation counts, so text that merely looks like a table is scanned as one paragraph.
    if (!row && header && prefix === header.prefix && isDelimiterRow(text, line.content, end) && cellCount(text, line.content, end) === header.cells) {
      table = prefix
      open = 0
      paragraph = header = null
      continue
    }
    const scan = scanInline(text, line.content, end, open, limits.maxOpenEmphasis)
    if (scan === null) return TOO_DEEP
    markup += scan.markup
    if (markup > limits.maxMarkup) return TOO_LARGE
    open = row ? 0 : scan.open
    if (row) continue
    paragraph ??= blanked(prefix)
    header = paragraph === blanked(prefix) ? { prefix: blanked(prefix), cells: cellCount(text, line.content, end) } : null
  }
  return FORMAT
}

interface LineShape {
  /** Container levels this line opens or continues explicitly. */
  depth: number
  /** Index of the first character after the container markers and indentation. */
  content: number
  /** Columns of whitespace just before `content`, and whether a marker came before them. */
  gap: number
  marked: boolean
}

/** Counts `>` and list markers at the start of a line, plus indentation in steps of two columns. */
function containers(text: string, start: number, end: number): LineShape {
  let i = start, markers = 0, lead = 0, gap = 0
  while (i < end) {
    const c = text.charCodeAt(i)
    if (c === SPACE || c === TAB) {
      gap += c === TAB ? 4 - (gap % 4) : 1
      if (markers === 0) lead = gap
      i++
      continue
    }
    const after = listMarkerEnd(text, i, end, c)
    if (after === -1) break
    markers++
    gap = 0
    i = after
  }
  // A nested list opens with a marker line indented two or more columns per level.
  return { depth: markers === 0 ? 0 : markers + Math.floor(lead / 2), content: i, gap, marked: markers > 0 }
}

/** The index after a `>`, bullet or ordered-list marker at `i`, or -1 when there is none. */
function listMarkerEnd(text: string, i: number, end: number, c: number): number {
  if (c === GT) return i + 1
  const spaced = (j: number) => j >= end || text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB
  if ((c === DASH || c === STAR || c === PLUS) && spaced(i + 1)) return i + 1
  let j = i
  while (j < end && j - i < 9 && isDigit(text.charCodeAt(j))) j++
  if (j > i && j < end && (text[j] === '.' || text[j] === ')') && spaced(j + 1)) return j + 1
  return -1
}

interface Fence {
  char: number
  length: number
  /** The opening line's containers with markers blanked: a line inside must start with it. */
  prefix: string
}

/** A fenced code block opening on this line: ``` or ~~~ at most three columns into its container. */
function opensFence(text: string, start: number, line: LineShape): Fence | null {
  if (line.gap > (line.marked ? 4 : 3)) return null
  const c = text.charCodeAt(line.content)
  if (c !== BACKTICK && c !== TILDE) return null
  let j = line.content
  while (text.charCodeAt(j) === c) j++
  const length = j - line.content
  if (length < 3) return null
  const end = text.indexOf('\n', j)
  // "```js```" is inline code, not a fence.
  if (c === BACKTICK && text.slice(j, end === -1 ? text.length : end).includes('`')) return null
  return { char: c, length, prefix: blanked(text.slice(start, line.content)) }
}

/**
 * Only a line that repeats the opening line's container prefix exactly surely stays in the
 * fence; any other line is scanned as markdown, which at worst over-counts.
 */
function continuesFence(text: string, start: number, end: number, fence: Fence): boolean {
  if (text.startsWith(fence.prefix, start)) return true
  return !fence.prefix.includes('>') && isBlank(text, start, end)
}

function closesFence(text: string, from: number, end: number, fence: Fence): boolean {
  let i = from
  while (i < end && i - from < 3 && text.charCodeAt(i) === SPACE) i++
  let run = 0
  for (; i < end && text.charCodeAt(i) === fence.char; i++) run++
  return run >= fence.length && isBlank(text, i, end)
}

/**
 * Tracks how many emphasis delimiters stay open (CommonMark's flanking rules, simplified) and
 * counts markup. Returns null when a run or the open count passes the limit.
 */
function scanInline(text: string, from: number, end: number, open: number, maxOpen: number): { open: number; markup: number } | null {
  let markup = 0
  for (let i = from; i < end; ) {
    const c = text.charCodeAt(i)
    if (c === PIPE || c === BRACKET) markup++
    if (c !== STAR && c !== UNDERSCORE && c !== TILDE && c !== BACKTICK) {
      i++
      continue
    }
    let j = i + 1
    while (j < end && text.charCodeAt(j) === c) j++
    const run = j - i
    const before = i > from ? text[i - 1]! : ' '
    const after = j < end ? text[j]! : ' '
    i = j
    if (c === BACKTICK) {
      markup++
      continue
    }
    const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before))
    const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after))
    if (!left && !right) continue // "* * *" or " ~ ": not a delimiter
    markup++
    if (run > maxOpen) return null
    // Intraword "_" never opens or closes; any other run that can do both closes when it can.
    if (c === UNDERSCORE && left && right && !isPunct(before)) continue
    if (left && (!right || open === 0)) open += run
    else open = Math.max(0, open - run)
    if (open > maxOpen) return null
  }
  return { open, markup }
}

/** A container prefix as its continuation lines repeat it: list markers become spaces. */
const blanked = (prefix: string) => prefix.replace(/[^\t >]/g, ' ')

const isHeading = (text: string, at: number) => /^#{1,6}(?:\s|$)/.test(text.slice(at, at + 8))

/** A GFM delimiter row such as `| :-- | --: |`; it needs at least one pipe. */
function isDelimiterRow(text: string, from: number, end: number): boolean {
  const content = text.slice(from, end)
  return content.includes('|') && /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?\s*$/.test(content)
}

/** Cells in a table line: unescaped pipes, less a leading and a trailing one. */
function cellCount(text: string, from: number, end: number): number {
  const content = text.slice(from, end).trim()
  let pipes = 0
  for (let i = 0; i < content.length; i++) {
    if (content[i] === '\\') i++
    else if (content[i] === '|') pipes++
  }
  const edges = (content.startsWith('|') ? 1 : 0) + (content.endsWith('|') && !content.endsWith('\\|') && content.length > 1 ? 1 : 0)
  return pipes + 1 - edges
}

function isBlank(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (text.charCodeAt(i) > SPACE) return false
  return true
}

const isDigit = (c: number) => c >= 48 && c <= 57
const isSpace = (ch: string) => /\s/u.test(ch)
const isPunct = (ch: string) => /[\p{P}\p{S}]/u.test(ch)
