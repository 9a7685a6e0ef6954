import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'

/**
 * Whether the OS has no way out: no interface that is up, not loopback, with an address that is
 * not link-local (169.254/16, fe80::/10 are self-assigned when no network answers). Catches
 * "Wi-Fi off / cable out"; a connected network without an uplink, or a VPN or container bridge
 * that keeps an address, still counts as online (the failure-based detector covers those).
 */
export function osLooksOffline(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): boolean {
  for (const addresses of Object.values(interfaces)) {
    for (const info of addresses ?? []) {
      if (!info.internal && !isLinkLocal(info)) return false
    }
  }
  return true
}

function isLinkLocal(info: NetworkInterfaceInfo): boolean {
  // Node 18.0–18.3 reported family as a number.
  const family: unknown = info.family
  if (family === 'IPv4' || family === 4) return info.address.startsWith('169.254.')
  return /^fe[89ab]/i.test(info.address)
}
