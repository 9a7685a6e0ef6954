import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import type { FakeProviders } from '../support/fake-providers'
import { pageHasNoNodeOrElectron, stopKeepsPartial, survivesReload, tokensArriveOneByOne } from './chat-flow'
import { startBrowserSession, type BrowserSession } from './support/browser-session'

let session: BrowserSession
let fakes: FakeProviders
let page: Page
let partial = ''

beforeAll(async () => {
  session = await startBrowserSession()
  ;({ fakes, page } = session)
})

afterAll(async () => {
  await session?.close()
})

describe('chat in Chromium against workbench serve', () => {
  it('shows tokens one by one as they stream', () => tokensArriveOneByOne(page, fakes))
  it('stops a stream and keeps the partial answer', async () => {
    partial = await stopKeepsPartial(page, fakes)
  })
  it('finds the conversation again after a reload', () => survivesReload(page, partial))
  it('gives the page no way to reach Node or Electron', () => pageHasNoNodeOrElectron(page))
})
