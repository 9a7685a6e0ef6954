import type { Snippet } from '../../../../shared/types/domain'

/** The words around a search match in a message, the matching ones marked; plain text, never HTML. */
export function MatchSnippet({ snippet }: { snippet: Snippet }) {
  return (
    <div className="conversation-snippet" data-testid="conversation-snippet">
      {snippet.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </div>
  )
}
