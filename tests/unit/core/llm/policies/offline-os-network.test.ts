import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { osLooksOffline } from '../../../../../electron/core/llm/policies/os-network'

function iface(address: string, internal = false): NetworkInterfaceInfo {
  const v4 = address.includes('.')
  return { address, internal, family: v4 ? 'IPv4' : 'IPv6', netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(v4 ? {} : { scopeid: 0 }) } as NetworkInterfaceInfo
}

describe('osLooksOffline', () => {
  it('is offline with only loopback', () => {
    expect(osLooksOffline({ lo: [iface('127.0.0.1', true), iface('::1', true)] })).toBe(true)
  })

  it('is offline when the only addresses are self-assigned link-local ones', () => {
    expect(osLooksOffline({ lo: [iface('127.0.0.1', true)], en0: [iface('169.254.12.3'), iface('fe80::1c2b:3aff:fe4d:5e6f')] })).toBe(true)
  })

  it('is online with a routable IPv4 or IPv6 address', () => {
    expect(osLooksOffline({ en0: [iface('fe80::1'), iface('192.168.1.7')] })).toBe(false)
    expect(osLooksOffline({ en0: [iface('2001:db8::7')] })).toBe(false)
  })

  it('reads the real interfaces by default', () => {
    expect(typeof osLooksOffline()).toBe('boolean')
  })
})
