import type { AttemptOutcome, ProviderKind } from '../../../../shared/types/domain'
import { osLooksOffline } from './os-network'
import { UNREACHABLE_CODES } from './retry-table'

/** Whether the machine is offline, so cloud targets are skipped at once instead of timing out. */
export interface OfflineDetector {
  /** True while offline: skip cloud targets. Goes false after recheckMs so one request can check again. */
  isOffline(): boolean
  /** When the current offline spell began, or null when online. */
  since(): number | null
  /** Every try at a cloud target reports how it ended; local targets are ignored. */
  report(target: { cloud: boolean; provider?: string }, failure: { outcome: AttemptOutcome; networkCode: string | null } | 'ok'): void
  /** The OS's own word (Electron's net.isOnline, online/offline events) instead of polling interfaces; null resumes polling. */
  setOsOffline(offline: boolean | null): void
}

export interface OfflineDetectorOptions {
  now?: () => number
  /** After this long without new evidence, the cloud is tried again. */
  recheckMs?: number
  /** Only failures this recent count towards "every cloud target failed". */
  windowMs?: number
  /** Polled at most every osCheckMs; defaults to osLooksOffline. Pass () => false to ignore the OS. */
  osOffline?: () => boolean
  osCheckMs?: number
}

/** Hosts on this machine or the local network: loopback, RFC 1918, mDNS names. */
const LOCAL_HOST = /^(?:localhost|.+\.localhost|.+\.local|127\.[\d.]+|\[::1\]|10\.[\d.]+|192\.168\.[\d.]+|172\.(?:1[6-9]|2\d|3[01])\.[\d.]+)$/i

/**
 * Cloud means OpenAI and Anthropic wherever their base URL points (an override is a proxy or
 * gateway to them), and OpenAI-compatible endpoints off this machine and network. Ollama and
 * local OpenAI-compatible servers (LM Studio, llama.cpp, vLLM) are local: refusing connections
 * there says nothing about the internet.
 */
export function isCloudEndpoint(kind: ProviderKind, baseUrl: string | null): boolean {
  if (kind === 'ollama') return false
  if (kind !== 'openai-compatible' || baseUrl === null) return true
  try {
    return !LOCAL_HOST.test(new URL(baseUrl).hostname)
  } catch {
    return true
  }
}

/** Answers that prove a cloud server was reached, whatever they said. */
const REACHED: ReadonlySet<AttemptOutcome> = new Set(['http-429', 'http-4xx', 'http-5xx', 'context-length', 'stream-broken'])

/**
 * Offline when every cloud provider tried within windowMs (default 30 s) failed as unreachable
 * (refused, no DNS, no route) with no cloud answer since, or when the OS says so. Timeouts and
 * resets prove nothing either way and are ignored. Offline lasts until recheckMs (default 10 s)
 * passes without new evidence; then requests try the cloud again: one success ends it, one more
 * unreachable failure renews it for another recheckMs.
 */
export function createOfflineDetector(options: OfflineDetectorOptions = {}): OfflineDetector {
  const now = options.now ?? Date.now
  const recheckMs = options.recheckMs ?? 10_000
  const windowMs = options.windowMs ?? 30_000
  const osCheckMs = options.osCheckMs ?? 1_000
  const probeOs = options.osOffline ?? (() => osLooksOffline())

  const lastReport = new Map<string, { at: number; unreachable: boolean }>()
  let offlineSince: number | null = null
  let lastEvidenceAt = 0
  let osOverride: boolean | null = null
  let osCache: { at: number; offline: boolean } | null = null
  let osSince: number | null = null

  // networkInterfaces() costs ~30 µs: poll it at most once per osCheckMs, off the per-request budget.
  function osOffline(t: number): boolean {
    let offline = osOverride
    if (offline === null) {
      if (osCache === null || t - osCache.at >= osCheckMs) osCache = { at: t, offline: probeOs() }
      offline = osCache.offline
    }
    if (!offline) osSince = null
    else osSince ??= t
    return offline
  }

  function failureOffline(t: number): boolean {
    return offlineSince !== null && t - lastEvidenceAt < recheckMs
  }

  return {
    isOffline() {
      const t = now()
      return osOffline(t) || failureOffline(t)
    },

    since() {
      const t = now()
      const os = osOffline(t) ? osSince : null
      const failures = failureOffline(t) ? offlineSince : null
      if (os === null) return failures
      return failures === null ? os : Math.min(os, failures)
    },

    report(target, failure) {
      if (!target.cloud) return
      const t = now()
      if (failure === 'ok') {
        lastReport.clear()
        offlineSince = null
        return
      }
      const unreachable = failure.outcome === 'network' && failure.networkCode !== null && UNREACHABLE_CODES.has(failure.networkCode)
      if (!unreachable && !REACHED.has(failure.outcome)) return
      lastReport.set(target.provider ?? '', { at: t, unreachable })
      let allUnreachable = true
      for (const [key, entry] of lastReport) {
        if (t - entry.at > windowMs) lastReport.delete(key)
        else if (!entry.unreachable) allUnreachable = false
      }
      if (allUnreachable) {
        // Evidence long after the last is a new spell, not the old one still going.
        if (offlineSince !== null && t - lastEvidenceAt > windowMs) offlineSince = null
        offlineSince ??= t
        lastEvidenceAt = t
      } else {
        offlineSince = null
      }
    },

    setOsOffline(offline) {
      osOverride = offline
      osCache = null
    }
  }
}
