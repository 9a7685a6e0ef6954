import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pickModel } from './chat-flow'
import { startBrowserSession, type BrowserSession } from './support/browser-session'

// Issue 8, break 1: cookies are not scoped by port, so a cookie set by `workbench serve` went
// along to every other server on 127.0.0.1. A second loopback listener records everything the
// browser sends it after the app was opened; none of it may carry the token.
let session: BrowserSession
let recorder: Server
let recorderUrl = ''
const seen: Array<{ url: string; headers: Record<string, string | string[] | undefined> }> = []

beforeAll(async () => {
  recorder = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers })
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end('<!doctype html><title>elsewhere</title><img src="/pixel.gif"><script>fetch("/fetched", { credentials: "include" })</script>')
  })
  await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', r))
  recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/`
  session = await startBrowserSession()
})

afterAll(async () => {
  await session?.close()
  await new Promise((r) => recorder?.close(r))
})

/** The token from the printed URL, wherever it sits (the old URL had it in the query). */
function tokenOf(printed: string): string {
  const url = new URL(printed)
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? url.searchParams.get('token') ?? ''
  expect(token).toMatch(/^[\w-]{32}$/)
  return token
}

describe('the serve token in Chromium', () => {
  it('is printed in the fragment, leaves the address bar and still works after a reload', async () => {
    const { page, serve } = session
    const token = tokenOf(serve.url)
    expect(new URL(serve.url).hash).toBe(`#token=${token}`)
    // Connected: the model list came over the WebSocket.
    await pickModel(page, 'openai:gpt-4o-mini')
    expect(page.url()).not.toContain(token)
    await page.reload()
    await pickModel(page, 'openai:gpt-4o-mini')
    expect(page.url()).not.toContain(token)
  })

  it('is never sent to another server on loopback, by navigation or by that page', async () => {
    const { page, serve } = session
    const token = tokenOf(serve.url)
    await page.goto(recorderUrl)
    await expect.poll(() => seen.map((r) => r.url)).toEqual(expect.arrayContaining(['/', '/pixel.gif', '/fetched']))
    // And back again: the app's own origin still opens, and the other port still gets nothing.
    await page.goto(`http://127.0.0.1:${serve.port}/`)
    await page.goto(`${recorderUrl}again`)
    await expect.poll(() => seen.some((r) => r.url === '/again')).toBe(true)

    for (const request of seen) {
      expect(request.headers.cookie, `Cookie sent to ${request.url}`).toBeUndefined()
      expect(request.url).not.toContain(token)
      expect(JSON.stringify(request.headers), `headers of ${request.url}`).not.toContain(token)
    }
  })
})
