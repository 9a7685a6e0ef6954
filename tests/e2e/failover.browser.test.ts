import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeProviders } from '../support/fake-providers'
import { lastAssistant, pickModel, send, watchAnswer } from './chat-flow'
import { startBrowserSession, type BrowserSession } from './support/browser-session'

let session: BrowserSession
let fakes: FakeProviders
let page: Page

beforeAll(async () => {
  session = await startBrowserSession()
  ;({ fakes, page } = session)
})

afterAll(async () => {
  await session?.close()
})

describe('failover in Chromium against workbench serve', () => {
  it('answers from the local Ollama when the primary goes down mid-conversation, and the badge says so', async () => {
    fakes.openai.script.reply = ['From ', 'the ', 'cloud.']
    fakes.ollama.script.reply = ['From ', 'the ', 'laptop.']
    await pickModel(page, 'openai:gpt-4o-mini')
    await send(page, 'First question')
    expect((await watchAnswer(page)).snapshots.at(-1)).toBe('From the cloud.')
    expect(await lastAssistant(page).getByTestId('served-badge').count()).toBe(0)

    // The primary goes down: its server stops listening.
    await fakes.openai.close()
    await send(page, 'Second question')
    const { status, snapshots } = await watchAnswer(page)
    expect(status).toBe('complete')
    expect(snapshots.at(-1)).toBe('From the laptop.')
    const badge = lastAssistant(page).getByTestId('served-badge')
    await expect.poll(() => badge.textContent()).toContain('served by ollama:llama3.2:1b')
    expect(await badge.textContent()).toContain('openai')

    await lastAssistant(page).getByTestId('attempts-toggle').click()
    const rows = lastAssistant(page).getByTestId('attempt-row')
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2)
    expect(await rows.first().getAttribute('data-outcome')).toBe('network')
    expect(await rows.last().getAttribute('data-outcome')).toBe('ok')
  })
})
