import { describe, expect, it } from 'vitest'
import { WorkbenchError } from '../../../../shared/errors'
import { NO_SECRET_SERVICE_REASON, keyringTimeout, toKeyringError } from '../../../../electron/core/secrets/keyring-errors'

// Messages as @napi-rs/keyring 1.3 throws them: one line, then a Rust cause chain and backtrace.
const withBacktrace = (line: string): Error =>
  new Error(`${line}\n\nCaused by:\n    AccessDenied\n\nStack backtrace:\n   0: <unknown>\n   1: _ZN6v8impl12_GLOBAL__N_1`)

describe('keyring error mapping', () => {
  it('turns a missing D-Bus session or Secret Service into advice a Linux user can act on', () => {
    for (const raw of [
      'no secret service provider or dbus session found',
      "Couldn't access platform storage: AccessDenied",
      'zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files'
    ]) {
      expect(toKeyringError(withBacktrace(raw))).toMatchObject({ code: 'keychain_unavailable', message: NO_SECRET_SERVICE_REASON })
    }
  })

  it('tells a locked keyring apart from a missing one', () => {
    for (const raw of [
      'zbus error: org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object',
      "Couldn't access platform storage: Secret Service: unlock prompt was dismissed"
    ]) {
      const err = toKeyringError(withBacktrace(raw))
      expect(err.code).toBe('keychain_locked')
      expect(err.message).toMatch(/locked: unlock it/)
    }
  })

  it('keeps one line of an unknown failure, with the secret being stored cut out', () => {
    const secret = 'sk-being-stored-000000001'
    const err = toKeyringError(withBacktrace(`Couldn't access platform storage: odd reply for ${secret}`), secret)
    expect(err.code).toBe('keychain_failed')
    expect(err.message).toContain('odd reply for [redacted]')
    expect(err.message).not.toContain(secret)
    expect(err.message).not.toMatch(/backtrace|Caused by|_ZN6v8/)
  })

  it('passes a WorkbenchError through unchanged and marks a timeout retryable', () => {
    const own = new WorkbenchError('invalid_account', 'bad account')
    expect(toKeyringError(own)).toBe(own)
    expect(keyringTimeout(10_000)).toMatchObject({ code: 'keychain_timeout', retryable: true })
    expect(keyringTimeout(10_000).message).toMatch(/within 10 s/)
  })
})
