import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../shared/types/settings'
import { startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { tempHome } from '../support/temp-home'
import { runWorkbench } from '../support/workbench-cli'
import { launchChromium } from './support/browser'
import { startServeProcess, type ServeProcess } from './support/serve-process'

// One rule for the default model in every door: the window preselects what the CLI answers from.
let fakes: FakeProviders
let home: ReturnType<typeof tempHome>
let serve: ServeProcess
let browser: Browser
let page: Page
const env = () => ({ PATH: process.env.PATH ?? '', HOME: home.dir, WORKBENCH_HOME: join(home.dir, 'data'), ...fakes.env })

beforeAll(async () => {
  fakes = await startFakeProviders()
  home = tempHome()
  serve = await startServeProcess(env())
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await fakes?.close()
  home?.remove()
})

const picked = () => page.getByTestId('model-picker').inputValue()

describe('the default model in Chromium and in the CLI', () => {
  it('with cloud keys present and nothing set, the window preselects the model the CLI answers from', async () => {
    page = await browser.newPage()
    await page.goto(serve.url)
    await page.locator('[data-testid="model-picker"] option[value="openai:gpt-4o-mini"]').waitFor({ state: 'attached', timeout: 15_000 })
    await expect.poll(picked, { timeout: 10_000 }).toBe('ollama:llama3.2:1b')
    mkdirSync('/tmp/shots/default-model', { recursive: true })
    await page.screenshot({ path: '/tmp/shots/default-model/preselected-local.png' })

    const run = await runWorkbench(['chat', 'hi', '--json'], env())
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ type: 'done', servedBy: 'ollama:llama3.2:1b', tier: 0 })
  })

  it('follows routes.default set from the CLI once the window reloads', async () => {
    const set = await runWorkbench(['config', 'set', 'routes.default', '["anthropic:claude-sonnet-4-5","ollama:llama3.2:1b"]'], env())
    expect(set.code, set.stderr).toBe(0)
    await page.reload()
    await expect.poll(picked, { timeout: 15_000 }).toBe('anthropic:claude-sonnet-4-5')
    const run = await runWorkbench(['chat', 'hi', '--json'], env())
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ type: 'done', servedBy: 'anthropic:claude-sonnet-4-5' })
  })

  it('refuses, in the Settings page too, removing a provider a route still uses, and says why', async () => {
    const lab = { id: 'lab', kind: 'openai-compatible', label: 'Lab', baseUrl: fakes.openai.baseUrl, enabled: true }
    const added = await runWorkbench(['config', 'set', 'providers', JSON.stringify([...DEFAULT_SETTINGS.providers, lab])], env())
    expect(added.code, added.stderr).toBe(0)
    const routed = await runWorkbench(['config', 'set', 'routes.lab', '["lab:gpt-4o-mini"]'], env())
    expect(routed.code, routed.stderr).toBe(0)
    await page.reload()
    await page.getByTestId('nav-settings').click()
    const row = page.locator('[data-testid="provider-row"][data-provider-id="lab"]')
    await row.getByTestId('remove-provider').click()
    await row.getByTestId('confirm-remove-provider').click()
    await expect.poll(() => page.getByTestId('settings-error').textContent(), { timeout: 10_000 }).toMatch(/routes\.lab names "lab:gpt-4o-mini", but there is no provider "lab"/)
    await page.screenshot({ path: '/tmp/shots/default-model/refused-provider-removal.png', fullPage: true })
    expect(await row.count()).toBe(1)
  })
})
