import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeProviders } from '../support/fake-providers'
import { lastAssistant, pickModel, send, watchAnswer } from './chat-flow'
import { startBrowserSession, type BrowserSession } from './support/browser-session'

// Model output is untrusted: markdown images, raw HTML and scripts in an answer must not make
// the page fetch anything. A loopback "tracker" counts every request it gets; it must get none
// until the user clicks.
let session: BrowserSession
let fakes: FakeProviders
let page: Page
let tracker: Server
let base = ''
const hits: string[] = []

beforeAll(async () => {
  tracker = createServer((req, res) => {
    hits.push(req.url ?? '')
    // A 1x1 transparent GIF: what a tracking pixel returns.
    res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' })
    res.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'))
  })
  await new Promise<void>((r) => tracker.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}`
  session = await startBrowserSession()
  ;({ fakes, page } = session)
})

afterAll(async () => {
  await session?.close()
  await new Promise((r) => tracker?.close(r))
})

describe('markdown from a model in Chromium against workbench serve', () => {
  it('loads no remote image, runs no script and keeps raw HTML as text until the user clicks', async () => {
    fakes.openai.script.reply = [
      `A pixel: ![x](${base}/pixel.png)\n\n`,
      `A reference image: ![y][ref]\n\n[ref]: ${base}/ref.png\n\n`,
      `<img src="${base}/raw.png">\n\n`,
      `<script>fetch("${base}/script")</script>\n\n`,
      `<iframe src="${base}/frame"></iframe>\n\n`,
      `<p style="background:url(${base}/style.png)">styled</p>\n\n`,
      `And [a link](${base}/link).`
    ]
    await pickModel(page, 'openai:gpt-4o-mini')
    await send(page, 'Show me a picture')
    await expect.poll(() => lastAssistant(page).getAttribute('data-role')).toBe('assistant')
    const { status } = await watchAnswer(page)
    expect(status).toBe('complete')
    // Give any lazy or delayed load time to happen.
    await page.waitForTimeout(1000)
    expect(hits).toEqual([])

    const content = lastAssistant(page).getByTestId('message-content')
    for (const tag of ['img', 'script', 'iframe', 'object', 'embed', 'video', 'audio', 'link', 'style', '[style*="url("]']) {
      expect(await content.locator(tag).count(), `<${tag}> rendered from model output`).toBe(0)
    }
    const text = (await content.textContent()) ?? ''
    expect(text).toContain(`<img src="${base}/raw.png">`)
    expect(text).toContain(`<script>fetch("${base}/script")</script>`)
    expect(text).toContain('<iframe')

    // The image is a link the user may follow; following it is the first request the tracker sees.
    const imageLink = content.locator(`a[href="${base}/pixel.png"]`)
    expect(await imageLink.count()).toBe(1)
    const popup = page.context().waitForEvent('page')
    await imageLink.click()
    await (await popup).waitForLoadState()
    await expect.poll(() => hits[0], { timeout: 10_000 }).toBe('/pixel.png')
    // The new tab may ask for a favicon too; nothing from the chat page itself.
    expect(hits.filter((h) => h !== '/favicon.ico')).toEqual(['/pixel.png'])
  })
})
