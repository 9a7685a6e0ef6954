import type { AttemptOutcome, OfflineReason } from '../../../../shared/types/domain'
import { osLooksOffline } from './os-network'
import { UNREACHABLE_CODES } from './retry-table'

/** Why internet targets are being skipped, since when, and (for unreachable hosts) which hosts. */
export interface OfflineState {
  reason: OfflineReason
  since: number
  /** The hosts that were all unreachable; empty when the OS reports no network. */
  hosts: string[]
}

/**
 * Whether the machine is offline, so internet targets are skipped at once instead of failing
 * one by one. Only targets whose locality is `internet` (target-locality.ts) are asked about or
 * reported. A target on this machine is always tried. So is one on the local network, even when
 * the OS reports no network: a LAN (or a self-assigned link-local one) may work without an
 * uplink, a dead one refuses at once, and its failures say nothing about the internet.
 */
export interface OfflineDetector {
  /**
   * Whether internet targets on `hosts` should be skipped now, and why; null to try them. `hosts`
   * is every distinct internet host that is in play: the enabled ones of one route, or of every
   * enabled provider for the Health page.
   */
  check(hosts: readonly string[]): OfflineState | null
  /** Every try at an internet target reports how it ended, by the host it connected to. */
  report(host: string, failure: { outcome: AttemptOutcome; networkCode: string | null } | 'ok'): void
  /** The OS's own word (Electron's net.isOnline, online/offline events) instead of polling interfaces; null resumes polling. */
  setOsOffline(offline: boolean | null): void
}

export interface OfflineDetectorOptions {
  now?: () => number
  /** After this long without new evidence, the cloud is tried again. */
  recheckMs?: number
  /** Only failures this recent count as evidence. */
  windowMs?: number
  /** Polled at most every osCheckMs; defaults to osLooksOffline. Pass () => false to ignore the OS. */
  osOffline?: () => boolean
  osCheckMs?: number
}

/** One dead provider or proxy is not the internet: it takes at least this many distinct hosts. */
export const MIN_UNREACHABLE_HOSTS = 2

/** Answers that prove an internet server was reached, whatever they said. */
const REACHED: ReadonlySet<AttemptOutcome> = new Set(['http-429', 'http-4xx', 'http-5xx', 'context-length', 'stream-broken'])

/**
 * Offline means what the word says: the OS reports no network, or every host in play (at least
 * MIN_UNREACHABLE_HOSTS distinct ones) failed as unreachable (refused, no DNS, no route) within
 * windowMs (default 30 s), with no internet answer from anywhere since. So a host that has not
 * failed itself keeps its route online and is tried. Timeouts and resets prove nothing either way
 * and are ignored. Offline lasts until recheckMs (default 10 s) passes without new evidence; then
 * requests try the cloud again: one answer ends it, one more unreachable failure renews it.
 */
export function createOfflineDetector(options: OfflineDetectorOptions = {}): OfflineDetector {
  const now = options.now ?? Date.now
  const recheckMs = options.recheckMs ?? 10_000
  const windowMs = options.windowMs ?? 30_000
  const osCheckMs = options.osCheckMs ?? 1_000
  const probeOs = options.osOffline ?? (() => osLooksOffline())

  /** Per host: its last unreachable failure, and when its current run of them began. */
  const unreachable = new Map<string, { at: number; since: number }>()
  let osOverride: boolean | null = null
  let osCache: { at: number; offline: boolean } | null = null
  let osSince: number | null = null

  /** When the OS began to report no network, or null while it reports one. */
  function osOfflineSince(t: number): number | null {
    let offline = osOverride
    if (offline === null) {
      // networkInterfaces() costs ~30 µs: poll it at most once per osCheckMs, off the per-request budget.
      if (osCache === null || t - osCache.at >= osCheckMs) osCache = { at: t, offline: probeOs() }
      offline = osCache.offline
    }
    osSince = offline ? (osSince ?? t) : null
    return osSince
  }

  function hostsDown(t: number, hosts: readonly string[]): OfflineState | null {
    const distinct = [...new Set(hosts)]
    if (distinct.length < MIN_UNREACHABLE_HOSTS) return null
    let lastEvidence = 0
    let since = 0
    for (const host of distinct) {
      const entry = unreachable.get(host)
      if (!entry || t - entry.at > windowMs) return null
      lastEvidence = Math.max(lastEvidence, entry.at)
      // Offline began when the last of them went down.
      since = Math.max(since, entry.since)
    }
    return t - lastEvidence < recheckMs ? { reason: 'cloud-unreachable', since, hosts: distinct } : null
  }

  return {
    check(hosts) {
      const t = now()
      const failures = hostsDown(t, hosts)
      const os = osOfflineSince(t)
      if (os === null) return failures
      return { reason: 'no-network', since: Math.min(os, failures?.since ?? os), hosts: [] }
    },

    report(host, failure) {
      const t = now()
      if (failure === 'ok' || REACHED.has(failure.outcome)) {
        // Something on the internet answered: every earlier unreachable failure is stale evidence.
        unreachable.clear()
        return
      }
      if (failure.outcome !== 'network' || failure.networkCode === null || !UNREACHABLE_CODES.has(failure.networkCode)) return
      const previous = unreachable.get(host)
      // Evidence long after the last is a new spell, not the old one still going.
      const since = previous && t - previous.at <= windowMs ? previous.since : t
      unreachable.set(host, { at: t, since })
    },

    setOsOffline(offline) {
      osOverride = offline
      osCache = null
    }
  }
}
