/**
 * The message the user is reading at the top of the view, and where its top edge is relative to
 * the view's top (negative when partly scrolled off). Restoring it after content above changed
 * keeps the text still on screen; the scroller is the messages' offsetParent (position: relative).
 */
export interface ScrollAnchor {
  id: string
  offset: number
}

/** The first message whose bottom is below the top of the view; a binary search, since a window can be long. */
export function findTopVisible(el: HTMLElement, content: HTMLElement): ScrollAnchor | null {
  const items = content.children
  let lo = 0
  let hi = items.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const item = items[mid] as HTMLElement
    if (item.offsetTop + item.offsetHeight <= el.scrollTop) lo = mid + 1
    else hi = mid
  }
  // Skip rows that are not messages (the "loading earlier messages" row).
  for (let i = lo; i < items.length; i++) {
    const item = items[i] as HTMLElement
    const id = item.dataset.messageId
    if (id) return { id, offset: item.offsetTop - el.scrollTop }
  }
  return null
}

/** Puts the view back: at the bottom when pinned, else with the anchored message where it was on screen. */
export function restoreScroll(el: HTMLElement, content: HTMLElement, pinned: boolean, anchor: ScrollAnchor | null): void {
  if (pinned) {
    el.scrollTop = el.scrollHeight
    return
  }
  const target = anchor ? content.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(anchor.id)}"]`) : null
  if (anchor && target) el.scrollTop = target.offsetTop - anchor.offset
}
