import { join } from 'node:path'
import type { ElectronApplication, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { tempHome } from '../support/temp-home'
import { pageHasNoNodeOrElectron, stopKeepsPartial, survivesReload, tokensArriveOneByOne } from './chat-flow'
import { electronUnavailableReason, launchElectronApp } from './support/electron-app'

const unavailable = electronUnavailableReason()
if (unavailable) console.log(`[e2e] Electron specs skipped: ${unavailable}.`)

describe.skipIf(unavailable !== null)('chat in the Electron app', () => {
  let fakes: FakeProviders
  let home: ReturnType<typeof tempHome>
  let app: ElectronApplication
  let page: Page
  let partial = ''

  beforeAll(async () => {
    fakes = await startFakeProviders()
    home = tempHome()
    app = await launchElectronApp({ ...fakes.env, WORKBENCH_HOME: join(home.dir, 'data') })
    page = await app.firstWindow()
  })

  afterAll(async () => {
    await app?.close()
    await fakes?.close()
    home?.remove()
  })

  it('shows tokens one by one as they stream', () => tokensArriveOneByOne(page, fakes))
  it('stops a stream and keeps the partial answer', async () => {
    partial = await stopKeepsPartial(page, fakes)
  })
  it('finds the conversation again after a reload', () => survivesReload(page, partial))
  it('gives the page no way to reach Node or Electron', () => pageHasNoNodeOrElectron(page))
})
