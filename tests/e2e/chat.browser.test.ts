import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { tempHome } from '../support/temp-home'
import { pageHasNoNodeOrElectron, stopKeepsPartial, survivesReload, tokensArriveOneByOne } from './chat-flow'
import { launchChromium } from './support/browser'
import { startServeProcess, type ServeProcess } from './support/serve-process'

let fakes: FakeProviders
let home: ReturnType<typeof tempHome>
let serve: ServeProcess
let browser: Browser
let page: Page
let partial = ''

beforeAll(async () => {
  fakes = await startFakeProviders()
  home = tempHome()
  serve = await startServeProcess({ ...fakes.env, WORKBENCH_HOME: join(home.dir, 'data') })
  browser = await launchChromium()
  page = await browser.newPage()
  await page.goto(serve.url)
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await fakes?.close()
  home?.remove()
})

describe('chat in Chromium against workbench serve', () => {
  it('shows tokens one by one as they stream', () => tokensArriveOneByOne(page, fakes))
  it('stops a stream and keeps the partial answer', async () => {
    partial = await stopKeepsPartial(page, fakes)
  })
  it('finds the conversation again after a reload', () => survivesReload(page, partial))
  it('gives the page no way to reach Node or Electron', () => pageHasNoNodeOrElectron(page))
})
