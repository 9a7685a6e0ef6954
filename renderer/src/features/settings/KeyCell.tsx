import { useState } from 'react'
import type { KeyHold, ProviderView } from '../../../../shared/types/settings'
import { useSettings, useStores } from '../../stores/context'
import { ENV_NAMES } from './provider-labels'

/**
 * A provider's API key: where it comes from, and set/replace/remove/test. The key goes to the
 * core and never comes back: only its source and last four characters are ever shown.
 */
export function KeyCell({ provider }: { provider: ProviderView }) {
  const { settings } = useStores()
  const busy = useSettings((s) => s.busy[provider.id] === true)
  const test = useSettings((s) => s.keyTests[provider.id])
  const [key, setKey] = useState('')

  if (provider.keySource === 'not-needed') {
    return (
      <span className="muted" data-testid="key-status">
        not needed
      </span>
    )
  }

  async function save(): Promise<void> {
    const value = key.trim()
    if (!value) return
    if (await settings.getState().setKey(provider.id, value)) setKey('')
  }

  return (
    <div className="key-cell">
      <div data-testid="key-status" className={`key-status key-${provider.keySource}`}>
        {statusText(provider)}
      </div>
      {provider.keyHold ? <KeyHoldNotice provider={provider} hold={provider.keyHold} busy={busy} /> : null}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <input
          type="password"
          data-testid="key-input"
          aria-label={`${provider.label} API key`}
          autoComplete="off"
          spellCheck={false}
          placeholder={provider.keySource === 'none' ? 'Paste API key' : 'Replace key'}
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <button type="submit" className="button small primary" data-testid="key-save" disabled={busy || key.trim().length === 0}>
          {provider.keySource === 'keychain' ? 'Replace' : 'Save'}
        </button>
      </form>
      <div className="key-actions">
        {provider.keySource === 'keychain' ? (
          <button type="button" className="button small" data-testid="key-remove" disabled={busy} onClick={() => void settings.getState().removeKey(provider.id)}>
            Remove
          </button>
        ) : null}
        {provider.keySource !== 'none' ? (
          <button
            type="button"
            className="button small"
            data-testid="key-test"
            disabled={test?.state === 'testing'}
            onClick={() => void settings.getState().testKey(provider.id)}
          >
            {test?.state === 'testing' ? 'Testing…' : 'Test'}
          </button>
        ) : null}
        {test?.state === 'done' ? (
          <span className={test.ok ? 'ok' : 'warn'} data-testid="key-test-result">
            {test.ok ? '✓ ' : '✗ '}
            {test.message}
          </span>
        ) : null}
      </div>
    </div>
  )
}

/**
 * Says that the key is not being sent, and why: the base URL now names another server than the
 * one the key was saved for. Confirming is offered only where the core can ask outside the page
 * (the app's native dialog); elsewhere, entering the key again is the confirmation.
 */
function KeyHoldNotice({ provider, hold, busy }: { provider: ProviderView; hold: KeyHold; busy: boolean }) {
  const { settings } = useStores()
  const savedFor = hold.savedFor ?? 'no particular server'
  return (
    <div className="key-hold warn" role="alert" data-testid="key-hold">
      <div>
        Not sent: this key is for <code>{savedFor}</code>, but {provider.label} now points at <code>{hold.sendsTo}</code>.
      </div>
      <div className="muted small">
        {hold.source === 'env' ? (
          `Set ${ENV_NAMES[provider.kind].baseUrl ?? 'the base URL variable'} to use ${ENV_NAMES[provider.kind].key ?? 'it'} there, or point the base URL back.`
        ) : hold.confirmable ? (
          'Confirm the new server (the app asks you in its own dialog), enter the key again, or point the base URL back.'
        ) : (
          <>
            Enter the key again to use it there (or run <code>workbench keys set {provider.id}</code> in a terminal), or point the base URL back. A
            browser session cannot confirm this by itself.
          </>
        )}
      </div>
      {hold.source === 'keychain' && hold.confirmable ? (
        <button type="button" className="button small" data-testid="key-confirm-host" disabled={busy} onClick={() => void settings.getState().confirmKeyHost(provider.id)}>
          Confirm {hold.sendsTo}…
        </button>
      ) : null}
    </div>
  )
}

function statusText(p: ProviderView): string {
  switch (p.keySource) {
    case 'env':
      return `set by ${ENV_NAMES[p.kind].key ?? 'the environment'} (environment overrides the keychain)`
    case 'keychain':
      return `•••• ${p.keyHint ?? ''}`.trim()
    case 'none':
      return 'not set'
    default:
      return 'not needed'
  }
}
