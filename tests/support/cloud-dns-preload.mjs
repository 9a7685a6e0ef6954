// Loaded with `node --import` into a child process (the CLI, `workbench serve`), or imported by a
// test: every name under .cloud.test (RFC 2606 keeps .test for tests) resolves to 127.0.0.1. A
// fake provider can then be reached at http://openai.cloud.test:PORT, a host the workbench places
// on the internet as it places api.openai.com, while the bytes stay on loopback. Nothing else is
// resolved differently.
import dns from 'node:dns'

const FAKE = /\.cloud\.test\.?$/i
const realLookup = dns.lookup

dns.lookup = function lookup(hostname, options, callback) {
  if (typeof options === 'function') return lookup(hostname, {}, options)
  if (typeof hostname !== 'string' || !FAKE.test(hostname)) return realLookup.call(dns, hostname, options, callback)
  const all = typeof options === 'object' && options !== null && options.all === true
  if (all) process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }])
  else process.nextTick(callback, null, '127.0.0.1', 4)
  return {}
}
