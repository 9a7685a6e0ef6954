import { Component, type ReactNode } from 'react'

/** Why a message is shown as its raw text: the guard's verdict, or a formatter that threw. */
export type PlainReason = 'too large' | 'too deeply nested' | 'failed'

const NOTES: Record<PlainReason, string> = {
  'too large': 'too large to format',
  'too deeply nested': 'too deeply nested to format',
  failed: 'could not be formatted'
}

/** A message as plain, wrapped text with a note saying why it is not formatted. */
export function PlainMarkdown({ text, reason }: { text: string; reason: PlainReason }) {
  return (
    <div className="md-plain" data-testid="markdown-plain" data-reason={reason}>
      <p className="md-plain-note">Shown as plain text: {NOTES[reason]}.</p>
      <pre className="md-plain-text">{text}</pre>
    </div>
  )
}

interface BoundaryProps {
  text: string
  children: ReactNode
}

/**
 * The last line behind the guard: if formatting a text throws anyway (a stack overflow in a
 * shape the guard did not foresee), that message shows as plain text and the rest of the
 * conversation renders. A new text gets a new try.
 */
export class MarkdownBoundary extends Component<BoundaryProps, { failed: boolean; text: string }> {
  override state = { failed: false, text: this.props.text }

  static getDerivedStateFromProps(props: BoundaryProps, state: { text: string }) {
    return props.text === state.text ? null : { failed: false, text: props.text }
  }

  static getDerivedStateFromError() {
    return { failed: true }
  }

  override render() {
    return this.state.failed ? <PlainMarkdown text={this.props.text} reason="failed" /> : this.props.children
  }
}
