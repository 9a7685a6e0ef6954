import { useEffect, useState } from 'react'
import { useStores } from '../../stores/context'

// Long enough to skip a request per keystroke, short enough to feel instant.
const DEBOUNCE_MS = 200

/** Filters the sidebar by title and message text; the core does the matching (conversations.list {query}, a full-text index). */
export function SearchBox() {
  const { conversations } = useStores()
  const [value, setValue] = useState('')

  useEffect(() => {
    const timer = setTimeout(() => {
      if (conversations.getState().query !== value) void conversations.getState().setQuery(value)
    }, DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [value, conversations])

  return (
    <input
      type="search"
      className="search"
      data-testid="conversation-search"
      placeholder="Search conversations"
      aria-label="Search conversations"
      value={value}
      onChange={(e) => setValue(e.target.value)}
    />
  )
}
