import { describe, expect, it } from 'vitest'
import { terminalSafe, terminalSafeStream } from '../../../electron/host/terminal-text'

describe('terminalSafe', () => {
  it('shows escape sequences the way cat -v does, so the terminal never obeys them', () => {
    expect(terminalSafe('\x1b]0;title\x07')).toBe('^[]0;title^G')
    expect(terminalSafe('\x1b]52;c;aGVsbG8=\x07')).toBe('^[]52;c;aGVsbG8=^G')
    expect(terminalSafe('\x1b[2J')).toBe('^[[2J')
    expect(terminalSafe('\x1b]8;;http://x.example/\x1b\\link\x1b]8;;\x1b\\')).toBe('^[]8;;http://x.example/^[\\link^[]8;;^[\\')
    expect(terminalSafe('\x00\x7f\x08')).toBe('^@^?^H')
  })

  it('shows the C1 controls, which some terminals obey like ESC sequences', () => {
    expect(terminalSafe('\u009b31mred\u009d0;t\u009c')).toBe('M-^[31mredM-^]0;tM-^\\')
  })

  it('keeps newlines, tabs and CR before LF, and shows a CR that would overwrite the line', () => {
    expect(terminalSafe('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd')
    expect(terminalSafe('rm -rf ~\rls')).toBe('rm -rf ~^Mls')
    expect(terminalSafe('end\r')).toBe('end^M')
  })

  it('leaves ordinary text alone, accents and emoji included', () => {
    expect(terminalSafe('Grüße — 你好 🙂 `code`')).toBe('Grüße — 你好 🙂 `code`')
  })
})

describe('terminalSafeStream', () => {
  it('decides about a CR at the end of a piece only when the next piece shows what follows it', () => {
    const s = terminalSafeStream()
    expect(s.write('line\r')).toBe('line')
    expect(s.write('\nnext\r')).toBe('\r\nnext')
    expect(s.write('over')).toBe('^Mover')
    expect(s.write('\r')).toBe('')
    expect(s.end()).toBe('^M')
  })

  it('shows an escape split across pieces just the same', () => {
    const s = terminalSafeStream()
    expect(s.write('a\x1b') + s.write(']0;t\x07') + s.end()).toBe('a^[]0;t^G')
  })
})
