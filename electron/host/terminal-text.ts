/**
 * Text from a model, a provider or a conversation title, made harmless for a terminal. A model
 * can answer with `ESC ]52;c;…` (writes the clipboard), `ESC ]0;…` (the window title), `ESC [2J`
 * (clears the screen) or a lone CR that overwrites the line a person is reading. Control
 * characters are shown the way `cat -v` shows them: ESC as `^[`, BEL as `^G`, DEL as `^?`, and
 * the C1 controls (U+0080–U+009F, which some terminals obey like ESC sequences) as `M-^[` and
 * so on. Newlines and tabs stay; CR stays only right before LF, where it cannot hide anything.
 */
export function terminalSafe(text: string): string {
  const stream = terminalSafeStream()
  return stream.write(text) + stream.end()
}

/** The same, for text that arrives in pieces: a CR at the end of one piece waits for the next. */
export interface TerminalSafeStream {
  write(piece: string): string
  end(): string
}

export function terminalSafeStream(): TerminalSafeStream {
  let heldCr = false
  return {
    write(piece) {
      if (piece === '') return ''
      let text = heldCr ? `\r${piece}` : piece
      heldCr = text.endsWith('\r')
      if (heldCr) text = text.slice(0, -1)
      return text.replace(UNSAFE, caret)
    },
    end() {
      const rest = heldCr ? '^M' : ''
      heldCr = false
      return rest
    }
  }
}

// C0 except TAB and LF, CR not followed by LF, DEL, and C1.
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g

function caret(ch: string): string {
  const code = ch.charCodeAt(0)
  if (code === 0x7f) return '^?'
  if (code >= 0x80) return `M-${caret(String.fromCharCode(code - 0x80))}`
  return `^${String.fromCharCode(code + 0x40)}`
}
