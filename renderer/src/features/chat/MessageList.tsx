import { useEffect, useRef } from 'react'
import { useChat } from '../../stores/context'
import { MessageItem } from './MessageItem'

/**
 * The message column. It re-renders only when messages are added or removed; growth of the
 * streaming message is followed by a ResizeObserver, which keeps the view pinned to the bottom
 * unless the user has scrolled up to read.
 */
export function MessageList() {
  const ids = useChat((s) => s.ids)
  const scroller = useRef<HTMLDivElement>(null)
  const inner = useRef<HTMLDivElement>(null)
  const pinned = useRef(true)

  useEffect(() => {
    const el = scroller.current
    const content = inner.current
    if (!el || !content) return
    const onScroll = () => {
      // 48 px of slack: a line of text arriving between two scroll events must not unpin.
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48
    }
    const observer = new ResizeObserver(() => {
      if (pinned.current) el.scrollTop = el.scrollHeight
    })
    el.addEventListener('scroll', onScroll, { passive: true })
    observer.observe(content)
    return () => {
      el.removeEventListener('scroll', onScroll)
      observer.disconnect()
    }
  }, [])

  useEffect(() => {
    pinned.current = true
    const el = scroller.current
    if (el) el.scrollTop = el.scrollHeight
  }, [ids.length])

  return (
    <div className="message-scroller" ref={scroller}>
      <div className="message-list" ref={inner}>
        {ids.map((id) => (
          <MessageItem key={id} id={id} />
        ))}
      </div>
    </div>
  )
}
