import { useStores, useNotices } from '../stores/context'

/** Errors that belong to no single control, each dismissible; nothing here blocks the window. */
export function NoticeList() {
  const notices = useNotices((s) => s.notices)
  const { notices: store } = useStores()
  if (notices.length === 0) return null
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className="notice" role="alert" data-testid="error-notice">
          <span>{n.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => store.getState().dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
