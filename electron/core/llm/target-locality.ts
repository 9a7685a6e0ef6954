import { hostname as osHostname, networkInterfaces } from 'node:os'
import type { ProviderConfig } from '../../../shared/types/settings'
import { effectiveBaseUrl } from '../settings/env-overrides'
import { DEFAULT_BASE_URLS } from './providers/provider-kit'

/**
 * Where a target runs, judged by the address its requests go to:
 * - `this-machine`: loopback, `localhost`, this machine's own name or addresses;
 * - `local-network`: private (RFC 1918) and link-local IPv4, unique-local (fc00::/7) and
 *   link-local IPv6, and `.local` (mDNS) names;
 * - `internet`: everything else, including any DNS name we cannot place without resolving it
 *   (a LAN name such as `gpu-box.lan` counts as internet: the cautious answer for privacy).
 */
export type TargetLocality = 'this-machine' | 'local-network' | 'internet'

/** A target's locality and the host it connects to (lowercased, no port, no brackets). */
export interface TargetPlace {
  locality: TargetLocality
  host: string
}

/** This machine's names and addresses, read only when a host needs them. */
export interface MachineIdentity {
  hostnames(): readonly string[]
  addresses(): readonly string[]
}

/** The running machine, read from the OS on each question (addresses change with the network). */
export const thisMachine: MachineIdentity = {
  hostnames: () => [osHostname()],
  addresses: () => Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((info) => info.address))
}

/**
 * THE definition of where a provider's target runs, for every rule that depends on it: the
 * offline detector (an unreachable internet host is evidence of being offline; a target on this
 * machine is never skipped as offline) and the privacy layer (what leaves the machine). Judged
 * from the effective base URL, so OLLAMA_HOST / OPENAI_BASE_URL / ANTHROPIC_BASE_URL count: an
 * Ollama on another machine on the internet is `internet`, not local. It says where the
 * endpoint runs, not where the data goes next: an OpenAI or Anthropic base URL on loopback is a
 * proxy on this machine, which may well forward to the cloud; the privacy layer must weigh that.
 */
export function targetLocality(provider: ProviderConfig, env: Record<string, string | undefined>, machine: MachineIdentity = thisMachine): TargetPlace {
  const url = effectiveBaseUrl(provider, env).url ?? defaultBaseUrl(provider.kind)
  let host: string
  try {
    host = new URL(url).hostname
  } catch {
    // Settings validate URLs; an unparsable one can only come from the environment. Treat it as far away.
    return { locality: 'internet', host: url.toLowerCase() }
  }
  host = host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase()
  return { locality: hostLocality(host, machine), host }
}

/** How long a provider's place is trusted: the machine's names and addresses can change under it. */
const PLACE_TTL_MS = 10_000

/**
 * targetLocality, remembered per provider config for PLACE_TTL_MS: reading the OS's hostname and
 * interfaces costs tens to hundreds of µs, too much for every target of every request. The
 * settings service hands out the same config object until the settings change, so a change is
 * seen at once.
 */
export function createTargetPlaces(env: Record<string, string | undefined>, options: { now: () => number; machine?: MachineIdentity }): (provider: ProviderConfig) => TargetPlace {
  const known = new WeakMap<ProviderConfig, { at: number; place: TargetPlace }>()
  return (provider) => {
    const t = options.now()
    const hit = known.get(provider)
    if (hit && t - hit.at < PLACE_TTL_MS) return hit.place
    const place = targetLocality(provider, env, options.machine)
    known.set(provider, { at: t, place })
    return place
  }
}

/** An OpenAI-compatible provider without a base URL fails validation; until then it is nowhere nearby. */
function defaultBaseUrl(kind: ProviderConfig['kind']): string {
  return kind === 'openai-compatible' ? 'https://unknown.invalid' : DEFAULT_BASE_URLS[kind]
}

/**
 * Where a host runs, from its name alone (no DNS lookup). `host` is a URL hostname: lowercase,
 * IPv6 without brackets. The machine is asked only for hosts that could be its own.
 */
export function hostLocality(host: string, machine: MachineIdentity = thisMachine): TargetLocality {
  const name = host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase()
  const v4 = parseIPv4(name)
  if (v4) return ipv4Locality(v4, name, machine)
  const v6 = parseIPv6(name)
  if (v6) return ipv6Locality(v6, machine)
  if (name === 'localhost' || name.endsWith('.localhost')) return 'this-machine'
  const own = machine.hostnames().map((h) => h.toLowerCase())
  if (own.includes(name) || own.some((h) => `${h}.local` === name)) return 'this-machine'
  return name.endsWith('.local') ? 'local-network' : 'internet'
}

function ipv4Locality([a, b]: number[], address: string, machine: MachineIdentity): TargetLocality {
  // 0.0.0.0 reaches this machine's listeners on every OS the app runs on.
  if (a === 127 || (a === 0 && address === '0.0.0.0')) return 'this-machine'
  if (isOwnAddress(address, machine)) return 'this-machine'
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return 'local-network'
  return 'internet'
}

function ipv6Locality(words: number[], machine: MachineIdentity): TargetLocality {
  const zeroUntil = (n: number) => words.slice(0, n).every((w) => w === 0)
  if (zeroUntil(7) && (words[7] === 1 || words[7] === 0)) return 'this-machine' // ::1 and ::
  // ::ffff:a.b.c.d is an IPv4 address in IPv6 clothing.
  if (zeroUntil(5) && words[5] === 0xffff) {
    const v4 = [words[6]! >> 8, words[6]! & 0xff, words[7]! >> 8, words[7]! & 0xff]
    return ipv4Locality(v4, v4.join('.'), machine)
  }
  if (machine.addresses().some((a) => sameIPv6(parseIPv6(a.replace(/%.*$/, '')), words))) return 'this-machine'
  if ((words[0]! & 0xfe00) === 0xfc00 || (words[0]! & 0xffc0) === 0xfe80) return 'local-network'
  return 'internet'
}

function isOwnAddress(address: string, machine: MachineIdentity): boolean {
  return machine.addresses().includes(address)
}

function sameIPv6(a: number[] | null, b: number[]): boolean {
  return a !== null && a.every((w, i) => w === b[i])
}

function parseIPv4(name: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name)
  if (!m) return null
  const parts = m.slice(1).map(Number)
  return parts.every((p) => p <= 255) ? parts : null
}

/** Eight 16-bit words, or null. Accepts `::` compression and a dotted IPv4 tail. */
function parseIPv6(name: string): number[] | null {
  if (!name.includes(':') || !/^[0-9a-f:.]+$/.test(name)) return null
  let text = name
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)
  if (tail) {
    const v4 = parseIPv4(tail[1]!)
    if (!v4) return null
    text = `${text.slice(0, -tail[1]!.length)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const split = (s: string) => (s === '' ? [] : s.split(':'))
  const head = split(halves[0]!)
  const rest = halves.length === 2 ? split(halves[1]!) : []
  const missing = 8 - head.length - rest.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest]
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null
  return groups.map((g) => parseInt(g, 16))
}
