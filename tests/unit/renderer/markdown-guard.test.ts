import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { describe, expect, it } from 'vitest'
import { guardMarkdown, MARKDOWN_LIMITS as L } from '../../../renderer/src/components/markdown-guard'
import { seededRandom } from '../../support/seeded-random'

const formatted = { format: true }
const tooDeep = { format: false, reason: 'too deeply nested' }
const tooLarge = { format: false, reason: 'too large' }

// An answer as models write them: every construct the app formats, including the ones that
// look like trouble to a scanner (pointers and **kwargs in code, snake_case, "***" rules).
const ANSWER = [
  '# Parsing `argv` in *C* and **Python**',
  '',
  'Use ~3 lines of code; the snake_case_name and __init__ stay literal. See the note[^1].',
  '',
  '```c',
  'int main(int argc, char **argv) {',
  '  char *p = *argv; int *a, *b, **c;',
  '  return *p * 2 ** 3;',
  '}',
  '```',
  '',
  '```python',
  ...Array.from({ length: 150 }, (_, i) => `def f${i}(*args, **kwargs): return g(*args, **kwargs) * 2`),
  '```',
  '',
  '| flag | meaning | cost |',
  '|:-----|:-------:|-----:|',
  ...Array.from({ length: 60 }, (_, i) => `| \`-${i}\` | ~${i} *ms* | **~${i}** |`),
  '',
  '1. First',
  '   - nested *one*',
  '     - nested **two**',
  '       > quoted ~~three~~',
  '2. Second with a [link](https://example.com) and an ![image](https://example.com/x.png)',
  '',
  '***',
  '',
  '> A quote with _emphasis_ and ***both*** and `code`.',
  '',
  '[^1]: The footnote.'
].join('\n')

describe('the markdown guard', () => {
  it('formats an ordinary answer with code, tables, lists, quotes and footnotes', () => {
    expect(guardMarkdown(ANSWER)).toEqual(formatted)
    expect(guardMarkdown('')).toEqual(formatted)
    expect(guardMarkdown('Hello there!')).toEqual(formatted)
  })

  it('shows each bomb from the report as plain text', () => {
    expect(guardMarkdown('>'.repeat(100_000)).format).toBe(false)
    expect(guardMarkdown('> '.repeat(10_000))).toEqual(tooDeep)
    expect(guardMarkdown('*'.repeat(50_000) + 'x' + '*'.repeat(50_000)).format).toBe(false)
    expect(guardMarkdown('word '.repeat(200_000))).toEqual(tooLarge) // the 1 MB single line
  })

  it('catches the same shapes below the size limit by their nesting', () => {
    expect(guardMarkdown('>'.repeat(1_000))).toEqual(tooDeep)
    expect(guardMarkdown('- '.repeat(40) + 'x')).toEqual(tooDeep)
    expect(guardMarkdown('1. '.repeat(40) + 'x')).toEqual(tooDeep)
    expect(guardMarkdown(Array.from({ length: 40 }, (_, i) => `${' '.repeat(2 * i)}- level ${i}`).join('\n'))).toEqual(tooDeep)
    expect(guardMarkdown('*'.repeat(500) + 'x' + '*'.repeat(500))).toEqual(tooDeep)
    // Nesting built from many short runs instead of one long one.
    expect(guardMarkdown('*a '.repeat(300) + 'b* '.repeat(300))).toEqual(tooDeep)
    expect(guardMarkdown('~a '.repeat(300) + 'b~ '.repeat(300))).toEqual(tooDeep)
    // Across the lines of one paragraph.
    expect(guardMarkdown(Array.from({ length: 30 }, () => '*a _b ~c *d').join('\n'))).toEqual(tooDeep)
  })

  it('does not let a fence that its container closes hide markdown from the scan', () => {
    // The list item ends at the unindented line, and so does the code block inside it.
    expect(guardMarkdown('- ```\n' + '*a '.repeat(300))).toEqual(tooDeep)
    expect(guardMarkdown('> ```\n' + '*a '.repeat(300))).toEqual(tooDeep)
    // "```x```" is inline code, not the start of a fence.
    expect(guardMarkdown('```x```\n' + '*a '.repeat(300))).toEqual(tooDeep)
    // Inside a real fence the same text is code.
    expect(guardMarkdown('```\n' + '*a '.repeat(300) + '\n```')).toEqual(formatted)
    expect(guardMarkdown('- item\n\n  ```\n  ' + '*a '.repeat(300) + '\n  ```')).toEqual(formatted)
  })

  it('puts each limit exactly at its boundary', () => {
    const lines = (n: number) => ('a'.repeat(99) + '\n').repeat(n / 100)
    expect(guardMarkdown(lines(L.maxChars))).toEqual(formatted)
    expect(guardMarkdown(lines(L.maxChars) + 'a')).toEqual(tooLarge)

    expect(guardMarkdown('a'.repeat(L.maxLineChars))).toEqual(formatted)
    expect(guardMarkdown('a'.repeat(L.maxLineChars + 1))).toEqual(tooLarge)

    expect(guardMarkdown('>'.repeat(L.maxNesting) + ' x')).toEqual(formatted)
    expect(guardMarkdown('>'.repeat(L.maxNesting + 1) + ' x')).toEqual(tooDeep)

    expect(guardMarkdown('*a '.repeat(L.maxOpenEmphasis))).toEqual(formatted)
    expect(guardMarkdown('*a '.repeat(L.maxOpenEmphasis + 1))).toEqual(tooDeep)
    expect(guardMarkdown('*'.repeat(L.maxOpenEmphasis) + 'x')).toEqual(formatted)
    expect(guardMarkdown('*'.repeat(L.maxOpenEmphasis + 1) + 'x')).toEqual(tooDeep)

    const links = (n: number) => Array.from({ length: n / 1000 }, () => '[a] '.repeat(1000)).join('\n\n')
    expect(guardMarkdown(links(L.maxMarkup))).toEqual(formatted)
    expect(guardMarkdown(links(L.maxMarkup) + ' [')).toEqual(tooLarge)
  })

  it('scans each table row and heading on its own, but only for a real table', () => {
    const rows = (prefix: string) => Array.from({ length: 60 }, (_, i) => `${prefix}| ~${i} *ms* | ~${i + 1} |`).join('\n')
    expect(guardMarkdown('| a | b |\n|---|:-:|\n' + rows(''))).toEqual(formatted)
    expect(guardMarkdown('### Timing\n| a | b |\n|---|:-:|\n' + rows(''))).toEqual(formatted)
    expect(guardMarkdown('- item\n\n  | a | b |\n  |---|---|\n' + rows('  '))).toEqual(formatted)
    // No table: the header has one cell, the delimiter row two; or the header line is a lazy
    // continuation of a quote. Then the lines are one paragraph and emphasis spans them.
    expect(guardMarkdown('| a |\n|---|---|\n' + rows(''))).toEqual(tooDeep)
    expect(guardMarkdown('> quote\n| a | b |\n|---|---|\n' + rows(''))).toEqual(tooDeep)
    // A heading is still scanned.
    expect(guardMarkdown('# ' + '*a '.repeat(300))).toEqual(tooDeep)
  })

  it('closes emphasis as the parser does, so balanced text never adds up', () => {
    const balanced = Array.from({ length: 50 }, () => '**bold** and *it* and _it_ and ~~gone~~ and a*b*c').join('\n')
    expect(guardMarkdown(balanced)).toEqual(formatted)
    // A blank line ends the paragraph and every delimiter still open in it.
    expect(guardMarkdown(Array.from({ length: 10 }, () => '*a '.repeat(60)).join('\n\n'))).toEqual(formatted)
  })

  // The oracle is the parser itself: whatever the guard lets through must come out of
  // micromark with a tree no deeper than the limits allow (two levels per list, one per quote
  // or emphasis, a few for root, paragraph and table). Small limits make the bound tight, so
  // short random texts reach it often.
  it('lets through only text whose parsed tree stays within the limits (seeded fuzz against remark)', () => {
    const limits = { ...L, maxNesting: 3, maxOpenEmphasis: 4 }
    const bound = 2 * limits.maxNesting + limits.maxOpenEmphasis + 6
    const parser = unified().use(remarkParse).use(remarkGfm)
    const random = seededRandom(20_251_202)
    const pieces = ['*a ', 'a* ', '_a ', '~a ', '`', '```', '| a | b |', '|---|---|', '#', 'b c', '[x](y) ']
    const openers = [['*', '*'], ['**', '**'], ['_', '_'], ['~~', '~~']] as const
    // A line: a few container markers, then text that often nests k emphasis pairs.
    const line = () => {
      const containers = Array.from({ length: random.int(0, 6) }, () => random.pick(['> ', '- ', '1. ', '  ', '* '])).join('')
      const k = random.int(0, 8)
      const pairs = Array.from({ length: k }, () => random.pick(openers))
      const nest = pairs.map(([o]) => `${o}a `).join('') + 'x' + pairs.reverse().map(([, c]) => ` b${c}`).join('')
      const noise = Array.from({ length: random.int(0, 4) }, () => random.pick(pieces)).join(' ')
      return containers + (random.chance(0.5) ? nest + ' ' + noise : noise + ' ' + nest)
    }
    let accepted = 0
    let deepest = 0
    for (let n = 0; n < 400; n++) {
      const text = Array.from({ length: random.int(1, 8) }, () => line()).join(random.chance(0.7) ? '\n' : '\n\n')
      if (!guardMarkdown(text, limits).format) continue
      accepted++
      const depth = treeDepth(parser.parse(text))
      deepest = Math.max(deepest, depth)
      expect(depth, JSON.stringify(text)).toBeLessThanOrEqual(bound)
    }
    // The fuzz did reach nested shapes, and the guard did not just refuse everything.
    expect(deepest).toBeGreaterThan(bound / 2)
    expect(accepted).toBeGreaterThan(10)
  })
})

function treeDepth(node: { children?: unknown[] }): number {
  let max = 0
  for (const child of node.children ?? []) max = Math.max(max, treeDepth(child as { children?: unknown[] }))
  return max + 1
}
