import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { startFakeProviders, type FakeProviders } from '../../support/fake-providers'
import { tempHome } from '../../support/temp-home'
import { launchChromium } from './browser'
import { startServeProcess, type ServeProcess } from './serve-process'

export interface BrowserSession {
  fakes: FakeProviders
  serve: ServeProcess
  browser: Browser
  page: Page
  close(): Promise<void>
}

/** The fakes, a real `workbench serve` on a fresh data directory, and Chromium with its page open. */
export async function startBrowserSession(): Promise<BrowserSession> {
  const fakes = await startFakeProviders()
  const home = tempHome()
  const serve = await startServeProcess({ ...fakes.env, WORKBENCH_HOME: join(home.dir, 'data') })
  const browser = await launchChromium()
  const page = await browser.newPage()
  await page.goto(serve.url)
  return {
    fakes,
    serve,
    browser,
    page,
    async close() {
      await browser.close()
      await serve.stop()
      await fakes.close()
      home.remove()
    }
  }
}
