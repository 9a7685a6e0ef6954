import { memo, type ComponentProps, type MouseEvent } from 'react'
import ReactMarkdown, { type Components } from 'react-markdown'
import rehypeHighlight from 'rehype-highlight'
import remarkGfm from 'remark-gfm'
import { ImageIcon } from './icons'
import { isWebUrl, linkAction } from './link-policy'
import { guardMarkdown } from './markdown-guard'
import { MarkdownBoundary, PlainMarkdown } from './MarkdownFallback'

const remarkPlugins = [remarkGfm]
// Auto-detection runs every grammar over every unlabelled block: too slow while streaming.
const rehypePlugins: NonNullable<Parameters<typeof ReactMarkdown>[0]['rehypePlugins']> = [[rehypeHighlight, { detect: false }]]

/**
 * Model output is untrusted: raw HTML stays escaped text (no rehype-raw), web links open in a
 * new window only when clicked and carry no referrer, other links never leave the message
 * (link-policy.ts), and images are never fetched on their own – they become a link the user
 * may choose to follow (which also keeps tracking pixels out).
 */
const components: Components = {
  a: ({ node: _node, ...props }) => <MarkdownLink {...props} />,
  img: ({ src, alt }) => {
    const url = typeof src === 'string' && isWebUrl(src) ? src : undefined
    const label = alt?.trim() || 'image'
    if (!url) return <span className="md-image">[{label}]</span>
    return (
      <a className="md-image" href={url} target="_blank" rel="noreferrer noopener" title={`Not loaded automatically. Open ${url}`}>
        <ImageIcon /> {label}
      </a>
    )
  }
}

/** A link as link-policy.ts allows it; its other attributes (footnote ids, aria) pass through. */
function MarkdownLink({ href, children, ...attributes }: ComponentProps<'a'>) {
  switch (linkAction(href)) {
    case 'external':
      return (
        <a {...attributes} href={href} target="_blank" rel="noreferrer noopener">
          {children}
        </a>
      )
    case 'in-message':
      return (
        <a {...attributes} href={href} onClick={scrollWithinMessage}>
          {children}
        </a>
      )
    case 'inert':
      return (
        <span id={attributes.id} className="md-link-inert" title="Not a web link: not followed">
          {children}
        </span>
      )
  }
}

/** A footnote and its back-reference: ids repeat across messages, so look only in this one. */
function scrollWithinMessage(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault()
  const id = (event.currentTarget.getAttribute('href') ?? '').slice(1)
  const root = event.currentTarget.closest('.markdown')
  root?.querySelector(`[id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' })
}

/**
 * Renders model markdown; memoized so an unchanged text is never guarded or parsed again. A
 * text past the guard's bounds (markdown-guard.ts) is shown as plain text instead.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const verdict = guardMarkdown(text)
  if (!verdict.format) return <PlainMarkdown text={text} reason={verdict.reason} />
  return (
    <MarkdownBoundary text={text}>
      <div className="markdown">
        <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
          {text}
        </ReactMarkdown>
      </div>
    </MarkdownBoundary>
  )
})
