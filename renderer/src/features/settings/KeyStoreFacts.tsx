import { useState } from 'react'
import type { KeyBackend, SettingsView } from '../../../../shared/types/settings'
import { errorMessage } from '../../api/client'
import { useStores } from '../../stores/context'

const NAMES: Record<string, string> = {
  keychain: 'the system keychain',
  'safe-storage': "Electron's safeStorage (encrypted with a key your OS keyring protects)",
  memory: 'memory (this session only)'
}

const OFFERS: Record<KeyBackend, string> = {
  keychain: 'The system keychain works again: keep keys there instead. Keys saved with safeStorage stay behind; set them again.',
  'safe-storage':
    "This app can keep keys with Electron's safeStorage instead: each key is encrypted with a key your OS keyring protects, " +
    'and only the encrypted form is written to the data directory. Keys are never stored in plain text.'
}

/** Where API keys are kept, why not when they cannot be, and the switch the core offers (never made silently). */
export function KeyStoreFacts({ keyStore }: { keyStore: SettingsView['keyStore'] }) {
  const { client, settings } = useStores()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function use(backend: KeyBackend): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      await client.invoke('keys.useBackend', { backend })
      await settings.getState().load()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const name = NAMES[keyStore.backend] ?? keyStore.backend
  return (
    <>
      {keyStore.available ? (
        <>Kept in {name}.</>
      ) : (
        <span className="warn">
          Cannot store keys in {name}: {keyStore.reason ?? 'unavailable'} Keys set in the environment still work.
        </span>
      )}
      {keyStore.alternatives.map((backend) => (
        <div key={backend} className="key-store-offer" data-testid={`key-store-offer-${backend}`}>
          <p>{OFFERS[backend]}</p>
          <button type="button" className="button small" disabled={busy} data-testid={`key-store-use-${backend}`} onClick={() => void use(backend)}>
            {backend === 'safe-storage' ? 'Use safeStorage' : 'Use the keychain'}
          </button>
        </div>
      ))}
      {error ? (
        <div className="warn" role="alert">
          {error}
        </div>
      ) : null}
    </>
  )
}
