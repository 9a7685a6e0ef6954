import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const PRELOAD = pathToFileURL(resolve(__dirname, 'cloud-dns-preload.mjs')).href

/**
 * A fake's loopback URL under an internet-looking name: http://127.0.0.1:4100/v1 becomes
 * http://openai.cloud.test:4100/v1. The workbench places such a target on the internet (a
 * loopback URL would be "this machine", which is never offline), so the offline rules apply to it.
 * Only a process started with cloudDnsEnv(), or one that imports cloud-dns-preload.mjs, resolves the name.
 */
export function asCloudHost(loopbackUrl: string, name: string): string {
  const url = new URL(loopbackUrl)
  url.hostname = `${name}.cloud.test`
  return url.toString().replace(/\/$/, '')
}

/** The environment that makes a child Node process resolve *.cloud.test to loopback. */
export function cloudDnsEnv(): Record<string, string> {
  return { NODE_OPTIONS: `--import "${PRELOAD}"` }
}
