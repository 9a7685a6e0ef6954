import { useEffect, useState } from 'react'
import type { ProviderView } from '../../../../shared/types/settings'
import { ENV_NAMES } from './provider-labels'

/** Edits a provider's base URL and shows which URL is really used, and why. */
export function BaseUrlCell({ provider, busy, onSave }: { provider: ProviderView; busy: boolean; onSave: (baseUrl: string | null) => void }) {
  const [draft, setDraft] = useState(provider.baseUrl ?? '')
  useEffect(() => setDraft(provider.baseUrl ?? ''), [provider.baseUrl])
  const dirty = draft.trim() !== (provider.baseUrl ?? '')

  const save = () => onSave(draft.trim() ? draft.trim() : null)

  return (
    <div className="base-url">
      <div className="inline-form">
        <input
          type="url"
          aria-label={`${provider.label} base URL`}
          data-testid="base-url-input"
          value={draft}
          placeholder={provider.effectiveBaseUrl ?? 'default'}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && dirty) save()
            if (e.key === 'Escape') setDraft(provider.baseUrl ?? '')
          }}
        />
        {dirty ? (
          <button type="button" className="button small" disabled={busy} onClick={save}>
            Save
          </button>
        ) : null}
      </div>
      <div className="muted small" data-testid="base-url-effective">
        {provider.effectiveBaseUrl ? <code>{provider.effectiveBaseUrl}</code> : 'provider default'} {sourceText(provider)}
      </div>
    </div>
  )
}

function sourceText(p: ProviderView): string {
  if (p.baseUrlSource === 'env') {
    const name = ENV_NAMES[p.kind].baseUrl
    return name ? `(from ${name})` : '(from the environment)'
  }
  return p.baseUrlSource === 'settings' ? '(from settings)' : '(default)'
}
