import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databasePath } from '../../electron/core/paths'
import { createStore } from '../../electron/core/store/create-store'
import { currentProcessOwner } from '../../electron/core/store/process-liveness'
import { MESSAGE_PAGE_SIZE } from '../../shared/types/domain'
import { startFakeProviders, type FakeProviders } from '../support/fake-providers'
import { tempHome } from '../support/temp-home'
import { lastAssistant, pickModel, send, watchAnswer } from './chat-flow'
import { launchChromium } from './support/browser'
import { startServeProcess, type ServeProcess } from './support/serve-process'

// A long conversation opens on its newest page and grows upwards as the user scrolls.
const TURNS = 1_000 // 2,000 messages
const SHOTS = '/tmp/shots/paging'

let fakes: FakeProviders
let home: ReturnType<typeof tempHome>
let serve: ServeProcess
let browser: Browser
let page: Page

/** Writes the conversation through the store, as sends would have, before serve opens the same file. */
function seed(dataDir: string): void {
  const store = createStore(databasePath(dataDir))
  try {
    const { id } = store.conversations.create('A very long conversation', 1_000)
    for (let i = 0; i < TURNS; i++) {
      const { assistant } = store.messages.insertTurn({ conversationId: id, content: `Question ${i}: what happened next?`, provider: 'openai', model: 'gpt-4o-mini', idempotencyKey: null, now: 1_000 + i, owner: currentProcessOwner() })
      const content = `Answer ${i}: then **step ${i}** happened.\n\n- one detail\n- another detail`
      store.messages.finish(assistant.id, { status: 'complete', content, completedAt: 1_000 + i, firstTokenMs: 5, latencyMs: 9, usage: null, finishReason: 'stop', error: null, provider: 'openai', model: 'gpt-4o-mini', tier: 0 })
    }
  } finally {
    store.close()
  }
}

beforeAll(async () => {
  fakes = await startFakeProviders()
  home = tempHome()
  const dataDir = join(home.dir, 'data')
  seed(dataDir)
  serve = await startServeProcess({ ...fakes.env, WORKBENCH_HOME: dataDir })
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1100, height: 800 } })
  await page.goto(serve.url)
  mkdirSync(SHOTS, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await fakes?.close()
  home?.remove()
})

const messages = () => page.locator('[data-testid="message"]')
const scroller = () => page.locator('.message-scroller')

/** Where a message is on screen relative to the top of the message column, or null when it is not in view. */
const onScreen = (id: string) =>
  scroller().evaluate((el, messageId) => {
    const box = el.getBoundingClientRect()
    const m = el.querySelector(`[data-message-id="${messageId}"]`)?.getBoundingClientRect()
    return m && m.bottom > box.top && m.top < box.bottom ? m.top - box.top : null
  }, id)

describe('a 2,000-message conversation in Chromium', () => {
  it('opens on its newest page, at the bottom', async () => {
    await page.getByRole('button', { name: 'A very long conversation', exact: true }).click()
    await expect.poll(() => messages().count(), { timeout: 15_000 }).toBe(MESSAGE_PAGE_SIZE)
    await expect.poll(() => messages().last().textContent()).toContain(`Answer ${TURNS - 1}:`)
    expect(await messages().first().textContent()).toContain(`Question ${TURNS - MESSAGE_PAGE_SIZE / 2}:`)
    expect(await page.getByTestId('loading-older').count()).toBe(1)
    // Pinned to the bottom: the newest answer is in view.
    const last = (await messages().last().getAttribute('data-message-id'))!
    await expect.poll(() => onScreen(last)).not.toBeNull()
    await page.screenshot({ path: `${SHOTS}/opened-at-bottom.png` })
  })

  it('loads earlier messages on scrolling up, keeping the message in view where it was', async () => {
    const top = (await messages().first().getAttribute('data-message-id'))!
    // Scroll to the very top; where the (then) first message sits is what must not move.
    const before = await scroller().evaluate((el, id) => {
      el.scrollTop = 0
      const box = el.getBoundingClientRect()
      return el.querySelector(`[data-message-id="${id}"]`)!.getBoundingClientRect().top - box.top
    }, top)
    await expect.poll(() => messages().count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2 * MESSAGE_PAGE_SIZE)
    await page.screenshot({ path: `${SHOTS}/after-scrolling-up.png` })
    const after = await onScreen(top)
    expect(after).not.toBeNull()
    expect(Math.abs(after! - before)).toBeLessThan(4)
    // The earlier page is in the DOM above it, in order.
    const earlier = `Question ${TURNS - MESSAGE_PAGE_SIZE}:`
    expect(await messages().first().textContent()).toContain(earlier)
    // Only the pages asked for, not the whole conversation.
    expect(await messages().count()).toBeLessThan(4 * MESSAGE_PAGE_SIZE)
  })

  it('keeps going up page by page, and the older page shows when scrolled to', async () => {
    const count = await messages().count()
    const questionOf = async () => Number(/Question (\d+):/.exec((await messages().first().textContent()) ?? '')?.[1])
    const firstBefore = await questionOf()
    await scroller().evaluate((el) => (el.scrollTop = 0))
    await expect.poll(() => messages().count(), { timeout: 15_000 }).toBeGreaterThan(count)
    await scroller().evaluate((el) => (el.scrollTop = 0))
    // The oldest message loaded is the one on screen at the top: the older page is shown, not just in the DOM.
    const oldest = (await messages().first().getAttribute('data-message-id'))!
    await expect.poll(() => onScreen(oldest), { timeout: 15_000 }).not.toBeNull()
    expect(await questionOf()).toBeLessThan(firstBefore)
    await page.screenshot({ path: `${SHOTS}/older-page-at-top.png` })
  })

  it('finds the conversation by words of a message far above the loaded pages, with the words marked', async () => {
    const search = page.getByTestId('conversation-search')
    await search.fill('step 3')
    const snippet = page.getByTestId('conversation-snippet')
    await expect.poll(() => snippet.textContent(), { timeout: 10_000 }).toContain('Answer 3: then **step 3** happened.')
    expect(await snippet.locator('mark').allTextContents()).toEqual(['3', 'step', '3'])
    await page.screenshot({ path: `${SHOTS}/search-snippet.png` })
    await search.fill('')
    await expect.poll(() => snippet.count()).toBe(0)
  })

  it('still streams a new answer into the newest message, at the bottom', async () => {
    await pickModel(page, 'openai:gpt-4o-mini')
    fakes.openai.script.reply = ['Paging ', 'keeps ', 'streaming ', 'working.']
    await send(page, 'And now?')
    const { status, snapshots } = await watchAnswer(page)
    expect(status).toBe('complete')
    expect(snapshots.at(-1)).toContain('Paging keeps streaming working.')
    const answer = (await lastAssistant(page).getAttribute('data-message-id'))!
    await expect.poll(() => onScreen(answer)).not.toBeNull()
    await page.screenshot({ path: `${SHOTS}/streamed-after-paging.png` })
  })
})
