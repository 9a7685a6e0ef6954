import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/fake-anthropic'
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama'
import { closedPort } from '../support/closed-port'
import { asCloudHost, cloudDnsEnv } from '../support/fake-cloud-host'
import { ANTHROPIC_TEST_KEY, OPENAI_TEST_KEY } from '../support/fake-providers'
import { tempHome } from '../support/temp-home'
import { runWorkbench } from '../support/workbench-cli'
import { lastAssistant, send, watchAnswer } from './chat-flow'
import { launchChromium } from './support/browser'
import { startServeProcess, type ServeProcess } from './support/serve-process'

const SHOTS = '/tmp/shots/offline-routing'
// The route of issue 7: OpenAI refuses connections, Anthropic is healthy, Ollama is the last tier.
const ROUTE = ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.2']

let anthropic: FakeAnthropic
let ollama: FakeOllama
let home: ReturnType<typeof tempHome>
let serve: ServeProcess
let browser: Browser
let page: Page

beforeAll(async () => {
  anthropic = await startFakeAnthropic({ apiKey: ANTHROPIC_TEST_KEY, models: ['claude-haiku-4-5'], reply: ['From ', 'Anthropic.'] })
  ollama = await startFakeOllama({ models: ['llama3.2'], reply: ['From ', 'the ', 'laptop.'] })
  home = tempHome()
  const env = {
    HOME: home.dir,
    PATH: process.env.PATH ?? '',
    WORKBENCH_HOME: join(home.dir, 'data'),
    // Both cloud providers under internet names (resolved to loopback by the preload), as api.openai.com would be.
    ...cloudDnsEnv(),
    OPENAI_BASE_URL: asCloudHost(`http://127.0.0.1:${await closedPort()}/v1`, 'openai'),
    OPENAI_API_KEY: OPENAI_TEST_KEY,
    ANTHROPIC_BASE_URL: asCloudHost(anthropic.url, 'anthropic'),
    ANTHROPIC_API_KEY: ANTHROPIC_TEST_KEY,
    OLLAMA_HOST: ollama.baseUrl
  }
  const set = await runWorkbench(['config', 'set', 'routes.cloud', JSON.stringify(ROUTE)], env)
  expect(set.code, set.stderr).toBe(0)
  serve = await startServeProcess(env)
  browser = await launchChromium()
  page = await browser.newPage()
  await page.goto(serve.url)
  mkdirSync(SHOTS, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await Promise.all([anthropic?.close(), ollama?.close()])
  home?.remove()
})

describe('one cloud provider refusing connections, in Chromium against workbench serve', () => {
  it('is served by the healthy cloud provider, the badge says so, and Health does not say Offline', async () => {
    // Hold Anthropic's first token until the window has shown who it is trying next.
    let release = () => {}
    const firstToken = new Promise<void>((r) => (release = r))
    anthropic.script.tokenGate = (i) => (i === 0 ? firstToken : Promise.resolve())

    const picker = page.getByTestId('route-picker')
    await picker.locator('option[value="cloud"]').waitFor({ state: 'attached', timeout: 15_000 })
    await picker.selectOption('cloud')
    await send(page, 'Which cloud answers?')
    // The next target comes from the route the core resolved (chat.started), not a copy in the renderer.
    const liveStatus = () => lastAssistant(page).evaluate((el) => el.querySelector('[data-testid="live-status"]')?.textContent ?? '')
    await expect.poll(liveStatus, { timeout: 10_000 }).toMatch(/openai .*trying anthropic…/)
    await page.screenshot({ path: join(SHOTS, 'trying-anthropic.png') })
    release()

    const { status, snapshots } = await watchAnswer(page)
    expect(status).toBe('complete')
    expect(snapshots.at(-1)).toBe('From Anthropic.')
    const badge = lastAssistant(page).getByTestId('served-badge')
    await expect.poll(() => badge.textContent()).toContain('served by anthropic:claude-haiku-4-5')
    expect(await badge.textContent()).toContain('openai')
    expect(await lastAssistant(page).textContent()).not.toMatch(/offline/i)

    await lastAssistant(page).getByTestId('attempts-toggle').click()
    const rows = lastAssistant(page).getByTestId('attempt-row')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-outcome')))).toEqual(['network', 'ok'])
    await page.screenshot({ path: join(SHOTS, 'served-by-anthropic.png') })
    expect(ollama.requests.filter((r) => r.path === '/api/chat')).toHaveLength(0)

    await page.getByTestId('nav-health').click()
    const panel = page.getByTestId('health-panel')
    await expect.poll(() => panel.locator('[data-testid="provider-load"]').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await page.getByTestId('offline-banner').count()).toBe(0)
    expect(await panel.textContent()).not.toMatch(/offline/i)
    await page.screenshot({ path: join(SHOTS, 'health-online.png') })
  })
})
