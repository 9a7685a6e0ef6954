import { useNotices } from '../stores/context'

/** Says, without blocking anything, that the host cannot be reached and that we keep trying. */
export function ConnectionBanner() {
  const state = useNotices((s) => s.connection)
  const detail = useNotices((s) => s.connectionDetail)
  const everOpen = useNotices((s) => s.everOpen)
  if (state === 'open' || (state === 'connecting' && !everOpen)) return null
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner" data-state={state}>
      {everOpen ? 'Connection to the workbench lost' : 'Cannot reach the workbench'}
      {state === 'connecting' ? ' – reconnecting…' : ' – retrying shortly.'}
      {detail && state === 'closed' ? <span className="muted"> ({detail})</span> : null}
    </div>
  )
}
