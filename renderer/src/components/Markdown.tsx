import { memo } from 'react'
import ReactMarkdown, { type Components } from 'react-markdown'
import rehypeHighlight from 'rehype-highlight'
import remarkGfm from 'remark-gfm'
import { ImageIcon } from './icons'

const remarkPlugins = [remarkGfm]
// Auto-detection runs every grammar over every unlabelled block: too slow while streaming.
const rehypePlugins: NonNullable<Parameters<typeof ReactMarkdown>[0]['rehypePlugins']> = [[rehypeHighlight, { detect: false }]]

/**
 * Model output is untrusted: raw HTML stays escaped text (no rehype-raw), links open in a new
 * window only when clicked and carry no referrer, and images are never fetched on their own –
 * they become a link the user may choose to follow (which also keeps tracking pixels out).
 */
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
  img: ({ src, alt }) => {
    const url = typeof src === 'string' ? src : undefined
    const label = alt?.trim() || 'image'
    if (!url) return <span className="md-image">[{label}]</span>
    return (
      <a className="md-image" href={url} target="_blank" rel="noreferrer noopener" title={`Not loaded automatically. Open ${url}`}>
        <ImageIcon /> {label}
      </a>
    )
  }
}

/** Renders model markdown; memoized so an unchanged text never re-parses. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {text}
    </ReactMarkdown>
  )
})
