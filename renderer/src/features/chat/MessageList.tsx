import { useDeferredValue, useEffect, useLayoutEffect, useRef } from 'react'
import { useChat, useStores } from '../../stores/context'
import { MessageItem } from './MessageItem'
import { findTopVisible, restoreScroll, type ScrollAnchor } from './scroll-anchor'

/** Within this distance of the top, the page before the window is asked for: before the user gets there. */
const LOAD_OLDER_PX = 600

/**
 * The message column: the loaded window of the conversation (chat store), newest at the bottom.
 * It re-renders only when messages are added or removed; growth of the streaming message is
 * followed by a ResizeObserver, which keeps the view pinned to the bottom unless the user has
 * scrolled up to read. Scrolling near the top loads the page before the window; the message the
 * user was looking at stays where it was on screen (a manual scroll anchor: older messages and
 * late layout above it move the scroll position, not the text being read).
 */
export function MessageList() {
  const { chat } = useStores()
  // A new list (an opened conversation) renders as a background transition: React yields to
  // clicks and keys between messages, so only one message's formatting (bounded by the
  // markdown guard) can ever hold up input, however long the conversation.
  const ids = useDeferredValue(useChat((s) => s.ids))
  const hasOlder = useDeferredValue(useChat((s) => s.hasOlder))
  const scroller = useRef<HTMLDivElement>(null)
  const inner = useRef<HTMLDivElement>(null)
  const pinned = useRef(true)
  const anchor = useRef<ScrollAnchor | null>(null)
  const newest = useRef<string | undefined>(undefined)

  useEffect(() => {
    const el = scroller.current
    const content = inner.current
    if (!el || !content) return
    const onScroll = () => {
      // 48 px of slack: a line of text arriving between two scroll events must not unpin.
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48
      anchor.current = pinned.current ? null : findTopVisible(el, content)
      if (el.scrollTop < LOAD_OLDER_PX) void chat.getState().loadOlder()
    }
    const observer = new ResizeObserver(() => restoreScroll(el, content, pinned.current, anchor.current))
    el.addEventListener('scroll', onScroll, { passive: true })
    observer.observe(content)
    return () => {
      el.removeEventListener('scroll', onScroll)
      observer.disconnect()
    }
  }, [chat])

  // Before paint: a prepended page must never show for a frame at the wrong scroll position.
  useLayoutEffect(() => {
    const el = scroller.current
    const content = inner.current
    if (!el || !content) return
    const last = ids[ids.length - 1]
    // A message at the bottom (sent, started elsewhere, or a conversation opened) brings the view down.
    if (last !== newest.current) pinned.current = true
    newest.current = last
    restoreScroll(el, content, pinned.current, anchor.current)
    // A page that does not fill the view cannot be scrolled up: ask for the next one now.
    if (hasOlder && el.scrollTop < LOAD_OLDER_PX) void chat.getState().loadOlder()
  }, [ids, hasOlder, chat])

  return (
    <div className="message-scroller" ref={scroller}>
      <div className="message-list" ref={inner}>
        {hasOlder ? (
          <div className="loading-older" data-testid="loading-older" role="status">
            Loading earlier messages…
          </div>
        ) : null}
        {ids.map((id) => (
          <MessageItem key={id} id={id} />
        ))}
      </div>
    </div>
  )
}
