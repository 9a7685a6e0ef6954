import { mkdirSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../shared/ipc/dispatch'
import type { SettingsView } from '../../shared/types/settings'
import { createCore, type Core } from '../../electron/core/core'
import { createScrubber } from '../../electron/core/secrets/scrub'
import { MemorySecretStore } from '../../electron/core/secrets/secret-store'
import { startServer, type RunningServer } from '../../electron/host/serve'
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai'
import { tempHome } from '../support/temp-home'
import { launchChromium } from './support/browser'

// Issue 8, break 2, in the browser: the OpenAI base URL is changed in Settings to a listener on
// loopback. The key stays behind, the row says why, and no confirm button is offered here,
// because a browser session cannot confirm a change it could have made itself.
const KEY = 'sk-proj-Ui9Ty8Re7Wq6Pa5Sd4Fg3Hj2'
const RENDERER = resolve(__dirname, '../../out/renderer')
const SHOTS = '/tmp/shots/serve-security'

let home: ReturnType<typeof tempHome>
let core: Core
let server: RunningServer
let fake: FakeOpenAI
let listener: Server
let listenerUrl = ''
const seen: IncomingHttpHeaders[] = []
let browser: Browser
let page: Page

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  fake = await startFakeOpenAI({ apiKey: KEY })
  listener = createServer((req, res) => {
    seen.push(req.headers)
    res.writeHead(404).end()
  })
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r))
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/v1`
  home = tempHome()
  core = createCore({ home: join(home.dir, 'data'), env: {}, secrets: new MemorySecretStore(), scrubber: createScrubber() })
  // The user's setup: OpenAI through their own server, with the key entered for it.
  const view = (await dispatch(core.handlers, 'settings.get', {})) as { ok: true; value: SettingsView }
  const providers = view.value.settings.providers.map((p) => (p.id === 'openai' ? { ...p, baseUrl: fake.baseUrl } : p))
  await dispatch(core.handlers, 'settings.setProviders', { providers })
  await dispatch(core.handlers, 'keys.set', { provider: 'openai', key: KEY })
  server = await startServer({ core, rendererDir: RENDERER })
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(server.url)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await core?.close()
  await fake?.close()
  await new Promise((r) => listener?.close(r))
  home?.remove()
})

describe('a key held back in Settings, in Chromium against workbench serve', () => {
  it('shows why the key is not sent after the base URL moved, offers no confirmation, and sends nothing', async () => {
    await page.getByTestId('nav-settings').click()
    const row = page.locator('[data-testid="provider-row"][data-provider-id="openai"]')
    await row.getByTestId('key-test').click()
    await expect.poll(() => row.getByTestId('key-test-result').textContent()).toContain('The key works')

    await row.getByTestId('base-url-input').fill(listenerUrl)
    await row.getByTestId('base-url-input').press('Enter')
    const hold = row.getByTestId('key-hold')
    await hold.waitFor({ timeout: 10_000 })
    const fakeHost = new URL(fake.baseUrl).host
    const listenerHost = new URL(listenerUrl).host
    expect(await hold.textContent()).toContain(`this key is for http://${fakeHost}, but OpenAI now points at http://${listenerHost}`)
    expect(await hold.textContent()).toContain('workbench keys set openai')
    expect(await row.getByTestId('key-confirm-host').count()).toBe(0)

    await row.getByTestId('key-test').click()
    await expect.poll(() => row.getByTestId('key-test-result').textContent()).toContain('re-enter or confirm it for http://')
    await page.screenshot({ path: `${SHOTS}/key-held-under-serve.png`, fullPage: true })
    expect(seen).toEqual([])

    // Entering the key again is the user's say-so for the new server.
    await row.getByTestId('key-input').fill(KEY)
    await row.getByTestId('key-save').click()
    await expect.poll(() => row.getByTestId('key-hold').count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/key-reentered-under-serve.png`, fullPage: true })
  })

  it('offers Confirm where the door can ask outside the page, and sends the key only after a yes', async () => {
    // The desktop app's door: the core asks the main process, which shows a native dialog. Here a
    // stub answers for the dialog, and the same renderer runs in Chromium to show the row.
    const questions: unknown[] = []
    const appHome = tempHome()
    const appCore = createCore({
      home: join(appHome.dir, 'data'),
      env: {},
      secrets: new MemorySecretStore(),
      confirmKeyHost: async (q) => (questions.push(q), true)
    })
    const appServer = await startServer({ core: appCore, rendererDir: RENDERER })
    try {
      const view = (await dispatch(appCore.handlers, 'settings.get', {})) as { ok: true; value: SettingsView }
      const at = (baseUrl: string) => view.value.settings.providers.map((p) => (p.id === 'openai' ? { ...p, baseUrl } : p))
      await dispatch(appCore.handlers, 'settings.setProviders', { providers: at(listenerUrl) })
      await dispatch(appCore.handlers, 'keys.set', { provider: 'openai', key: KEY })
      await dispatch(appCore.handlers, 'settings.setProviders', { providers: at(fake.baseUrl) })
      const appPage = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      await appPage.goto(appServer.url)
      await appPage.getByTestId('nav-settings').click()
      const row = appPage.locator('[data-testid="provider-row"][data-provider-id="openai"]')
      const confirm = row.getByTestId('key-confirm-host')
      await confirm.waitFor({ timeout: 10_000 })
      expect(await confirm.textContent()).toBe(`Confirm http://${new URL(fake.baseUrl).host}…`)
      await appPage.screenshot({ path: `${SHOTS}/key-held-confirmable.png`, fullPage: true })
      await confirm.click()
      await expect.poll(() => row.getByTestId('key-hold').count()).toBe(0)
      expect(questions).toHaveLength(1)
      await row.getByTestId('key-test').click()
      await expect.poll(() => row.getByTestId('key-test-result').textContent()).toContain('The key works')
      await appPage.close()
    } finally {
      await appServer.close()
      await appCore.close()
      appHome.remove()
    }
  })
})
