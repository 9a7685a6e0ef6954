import { useState } from 'react'
import type { ProviderConfig, ProviderView } from '../../../../shared/types/settings'
import { BaseUrlCell } from './BaseUrlCell'
import { KeyCell } from './KeyCell'
import { isCustom } from './provider-edits'

/** What a row may change: one patch to its provider, or its removal. */
interface RowProps {
  provider: ProviderView
  busy: boolean
  onPatch: (patch: Partial<ProviderConfig>) => void
  onRemove: () => void
}

/** One provider in the settings table. */
export function ProviderRow({ provider, busy, onPatch, onRemove }: RowProps) {
  const [confirming, setConfirming] = useState(false)
  return (
    <tr data-testid="provider-row" data-provider-id={provider.id} className={provider.enabled ? undefined : 'disabled-row'}>
      <td>
        <div className="provider-label">{provider.label}</div>
        <div className="muted small">
          {provider.id === provider.kind ? provider.kind : `${provider.id} · ${provider.kind}`}
        </div>
      </td>
      <td>
        <BaseUrlCell provider={provider} busy={busy} onSave={(baseUrl) => onPatch({ baseUrl })} />
      </td>
      <td>
        <label className="toggle">
          <input
            type="checkbox"
            data-testid="provider-enabled"
            checked={provider.enabled}
            disabled={busy}
            onChange={(e) => onPatch({ enabled: e.target.checked })}
          />
          <span>{provider.enabled ? 'on' : 'off'}</span>
        </label>
      </td>
      <td>
        <KeyCell provider={provider} />
      </td>
      <td>
        {isCustom(provider) ? (
          confirming ? (
            <span className="confirm">
              <button type="button" className="button small danger" data-testid="confirm-remove-provider" disabled={busy} onClick={onRemove}>
                Remove
              </button>
              <button type="button" className="button small" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="button small" data-testid="remove-provider" onClick={() => setConfirming(true)}>
              Remove…
            </button>
          )
        ) : null}
      </td>
    </tr>
  )
}
