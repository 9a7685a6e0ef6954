import { describe, expect, it } from 'vitest'
import { createTargetPlaces, hostLocality, targetLocality, type MachineIdentity } from '../../../../electron/core/llm/target-locality'
import type { ProviderConfig } from '../../../../shared/types/settings'

/** A machine called "studio" with a LAN address, a public address and a global IPv6 one. */
const machine: MachineIdentity = {
  hostnames: () => ['Studio'],
  addresses: () => ['127.0.0.1', '::1', '192.168.1.7', '203.0.113.9', '2001:db8::7', 'fe80::1c2b:3aff:fe4d:5e6f%en0']
}

const provider = (kind: ProviderConfig['kind'], baseUrl: string | null, id: string = kind): ProviderConfig => ({
  id,
  kind,
  label: id,
  baseUrl,
  enabled: true,
  limits: { requestsPerMinute: null, tokensPerMinute: null, maxConcurrent: 4 }
})

describe('hostLocality', () => {
  it.each([
    ['127.0.0.1', 'this-machine'],
    ['127.1.2.3', 'this-machine'],
    ['0.0.0.0', 'this-machine'],
    ['192.168.1.7', 'this-machine'], // this machine's own LAN address
    ['203.0.113.9', 'this-machine'], // and its own public one
    ['10.0.0.5', 'local-network'],
    ['172.16.0.1', 'local-network'],
    ['172.31.255.254', 'local-network'],
    ['192.168.0.20', 'local-network'],
    ['169.254.10.1', 'local-network'],
    ['172.32.0.1', 'internet'],
    ['172.15.0.1', 'internet'],
    ['100.64.0.1', 'internet'], // carrier-grade NAT is not a private range
    ['8.8.8.8', 'internet'],
    ['11.0.0.1', 'internet'],
    ['192.169.0.1', 'internet']
  ] as const)('IPv4 %s is %s', (host, where) => {
    expect(hostLocality(host, machine)).toBe(where)
  })

  it.each([
    ['::1', 'this-machine'],
    ['[::1]', 'this-machine'],
    ['::', 'this-machine'],
    ['0:0:0:0:0:0:0:1', 'this-machine'],
    ['2001:db8::7', 'this-machine'], // own address
    ['2001:0db8:0000::0007', 'this-machine'], // the same, written longer
    ['fe80::1c2b:3aff:fe4d:5e6f', 'this-machine'], // own link-local, zone id dropped
    ['fe80::1', 'local-network'],
    ['febf::1', 'local-network'],
    ['fc00::1', 'local-network'],
    ['fd12:3456:789a::1', 'local-network'],
    ['::ffff:127.0.0.1', 'this-machine'],
    ['::ffff:7f00:1', 'this-machine'], // how URL serialises the line above
    ['::ffff:c0a8:14', 'local-network'], // 192.168.0.20
    ['::ffff:808:808', 'internet'],
    ['fec0::1', 'internet'],
    ['2606:4700::1111', 'internet'],
    ['2001:db8::8', 'internet']
  ] as const)('IPv6 %s is %s', (host, where) => {
    expect(hostLocality(host, machine)).toBe(where)
  })

  it.each([
    ['localhost', 'this-machine'],
    ['LOCALHOST.', 'this-machine'],
    ['ollama.localhost', 'this-machine'],
    ['studio', 'this-machine'],
    ['studio.local', 'this-machine'],
    ['gpu-box.local', 'local-network'],
    ['api.openai.com', 'internet'],
    ['ollama.com', 'internet'],
    ['gpu-box.lan', 'internet'], // not placeable without DNS: the cautious answer
    ['localhost.example.com', 'internet'],
    ['local', 'internet'],
    ['1.2.3.4.nip.io', 'internet'],
    ['999.1.1.1', 'internet']
  ] as const)('the name %s is %s', (host, where) => {
    expect(hostLocality(host, machine)).toBe(where)
  })
})

describe('targetLocality', () => {
  it('places the built-in cloud providers on the internet by their SDK default hosts', () => {
    expect(targetLocality(provider('openai', null), {}, machine)).toEqual({ locality: 'internet', host: 'api.openai.com' })
    expect(targetLocality(provider('anthropic', null), {}, machine)).toEqual({ locality: 'internet', host: 'api.anthropic.com' })
  })

  it('places Ollama on this machine by default, and wherever OLLAMA_HOST points', () => {
    expect(targetLocality(provider('ollama', null), {}, machine)).toEqual({ locality: 'this-machine', host: '127.0.0.1' })
    expect(targetLocality(provider('ollama', null), { OLLAMA_HOST: '0.0.0.0' }, machine).locality).toBe('this-machine')
    expect(targetLocality(provider('ollama', null), { OLLAMA_HOST: '192.168.1.50:11434' }, machine)).toEqual({ locality: 'local-network', host: '192.168.1.50' })
    // A remote Ollama on another machine on the internet is not local.
    expect(targetLocality(provider('ollama', null), { OLLAMA_HOST: 'https://ollama.example.com' }, machine)).toEqual({ locality: 'internet', host: 'ollama.example.com' })
  })

  it('follows the environment over the settings, for the built-in provider of a kind only', () => {
    const openai = provider('openai', 'https://gateway.example.com/v1')
    expect(targetLocality(openai, {}, machine).host).toBe('gateway.example.com')
    expect(targetLocality(openai, { OPENAI_BASE_URL: 'http://localhost:4000/v1' }, machine)).toEqual({ locality: 'this-machine', host: 'localhost' })
    expect(targetLocality(provider('openai', null, 'openai-2'), { OPENAI_BASE_URL: 'http://localhost:4000/v1' }, machine).host).toBe('api.openai.com')
  })

  it('places OpenAI-compatible servers by their base URL', () => {
    expect(targetLocality(provider('openai-compatible', 'http://[::1]:8080/v1', 'llamacpp'), {}, machine)).toEqual({ locality: 'this-machine', host: '::1' })
    expect(targetLocality(provider('openai-compatible', 'http://gpu-box.local:8000/v1', 'vllm'), {}, machine).locality).toBe('local-network')
    expect(targetLocality(provider('openai-compatible', 'https://openrouter.ai/api/v1', 'openrouter'), {}, machine)).toEqual({ locality: 'internet', host: 'openrouter.ai' })
  })
})

describe('createTargetPlaces', () => {
  it('asks the machine once per provider config for ten seconds, and again for changed settings', () => {
    let asked = 0
    const counting: MachineIdentity = { hostnames: () => (asked++, ['studio']), addresses: () => [] }
    const clock = { t: 0 }
    const place = createTargetPlaces({}, { now: () => clock.t, machine: counting })
    const openai = provider('openai', null)
    expect(place(openai)).toEqual({ locality: 'internet', host: 'api.openai.com' })
    place(openai)
    clock.t += 9_999
    place(openai)
    expect(asked).toBe(1)
    clock.t += 1
    place(openai)
    expect(asked).toBe(2)
    // Saved settings are new objects: a changed base URL is seen at once.
    expect(place({ ...openai, baseUrl: 'http://localhost:4000/v1' })).toEqual({ locality: 'this-machine', host: 'localhost' })
  })
})
