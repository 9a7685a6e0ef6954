import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import type { FakeProviders } from '../support/fake-providers'

/**
 * The end-to-end specs, written once against a Page: the browser suite runs them against
 * `workbench serve`, the Electron suite against the app's first window.
 */
export const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

export async function pickModel(page: Page, ref: string): Promise<void> {
  await page.locator(`[data-testid="model-picker"] option[value="${ref}"]`).waitFor({ state: 'attached', timeout: 15_000 })
  await page.getByTestId('model-picker').selectOption(ref)
}

/** Sends a prompt and waits until its answer's bubble exists, so lastAssistant() is the new one. */
export async function send(page: Page, text: string): Promise<void> {
  const answers = page.locator('[data-testid="message"][data-role="assistant"]')
  const before = await answers.count()
  await page.getByTestId('composer-input').fill(text)
  await page.getByTestId('send-button').click()
  await expect.poll(() => answers.count(), { timeout: 10_000 }).toBeGreaterThan(before)
}

/** Records every distinct text the streaming answer shows until it settles. */
export async function watchAnswer(page: Page, timeoutMs = 20_000): Promise<{ snapshots: string[]; status: string }> {
  const snapshots: string[] = []
  const deadline = Date.now() + timeoutMs
  await lastAssistant(page).waitFor({ timeout: 10_000 })
  for (;;) {
    const { text, status } = await lastAssistant(page).evaluate((el) => ({
      text: el.querySelector('[data-testid="message-content"]')?.textContent ?? '',
      status: el.getAttribute('data-status') ?? ''
    }))
    // '…' is the placeholder shown before the first token.
    if (text && text !== '…' && text !== snapshots.at(-1)) snapshots.push(text)
    if (status !== 'streaming') return { snapshots, status }
    if (Date.now() > deadline) throw new Error(`the answer was still streaming after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 15))
  }
}

/**
 * The fake holds each token until the test lets it go, and the page must show it before the next
 * one is released: every intermediate state is seen, in order, however slow the machine (a
 * stopwatch-paced fake with a polling watcher misses states when the page or the poller lags).
 */
export async function tokensArriveOneByOne(page: Page, fakes: FakeProviders): Promise<void> {
  const tokens = ['Streaming ', 'shows ', 'each ', 'token ', 'as ', 'it ', 'arrives ', 'from ', 'the ', 'fake ', 'server.']
  const gates = tokens.map(() => {
    let open = () => {}
    const opened = new Promise<void>((resolve) => (open = resolve))
    return { open, opened }
  })
  fakes.openai.script.reply = tokens
  fakes.openai.script.tokenDelayMs = 0
  fakes.openai.script.tokenGate = (index) => gates[index]?.opened ?? Promise.resolve()
  const shown = async () =>
    lastAssistant(page).evaluate((el) => ({
      text: (el.querySelector('[data-testid="message-content"]')?.textContent ?? '').trim(),
      status: el.getAttribute('data-status') ?? ''
    }))
  try {
    await pickModel(page, 'openai:gpt-4o-mini')
    await send(page, 'Show me streaming')
    await expect.poll(() => page.locator('[data-testid="message"][data-role="user"]').last().textContent()).toContain('Show me streaming')
    for (let i = 0; i < tokens.length; i++) {
      gates[i]!.open()
      const soFar = tokens.slice(0, i + 1).join('').trim()
      await expect.poll(async () => (await shown()).text, { timeout: 15_000, message: `the page never showed token ${i + 1} of ${tokens.length}` }).toBe(soFar)
      // Until the last token, the answer must still be streaming: the text grew without the answer ending.
      if (i < tokens.length - 1) expect((await shown()).status).toBe('streaming')
    }
    await expect.poll(async () => (await shown()).status, { timeout: 15_000 }).toBe('complete')
    expect((await shown()).text).toBe(tokens.join('').trim())
  } finally {
    fakes.openai.script.tokenGate = undefined
    for (const gate of gates) gate.open()
  }
}

export async function stopKeepsPartial(page: Page, fakes: FakeProviders): Promise<string> {
  fakes.openai.script.reply = Array.from({ length: 200 }, (_, i) => `word${i} `)
  fakes.openai.script.tokenDelayMs = 40
  await send(page, 'Write a very long answer')
  // Wait for this answer (not the previous one) to have a few words before pressing Stop.
  await expect.poll(async () => (await lastAssistant(page).getByTestId('message-content').textContent()) ?? '', { timeout: 10_000 }).toMatch(/^word0 word1 word2 word3/)
  await page.getByTestId('stop-button').click()
  await expect.poll(() => lastAssistant(page).getAttribute('data-status'), { timeout: 10_000 }).toBe('partial')
  await expect.poll(() => lastAssistant(page).getByTestId('message-status').textContent()).toContain('stopped')
  const kept = (await lastAssistant(page).getByTestId('message-content').textContent()) ?? ''
  expect(kept).toMatch(/^word0 word1 word2/)
  expect(kept).not.toContain('word199')
  await expect.poll(() => page.getByTestId('stop-button').count()).toBe(0)
  return kept
}

export async function survivesReload(page: Page, partialText: string): Promise<void> {
  await page.reload()
  const item = page.getByTestId('conversation-item').filter({ hasText: 'Show me streaming' })
  await item.waitFor({ timeout: 15_000 })
  await item.click()
  const assistants = page.locator('[data-testid="message"][data-role="assistant"]')
  await expect.poll(() => assistants.count(), { timeout: 10_000 }).toBe(2)
  expect(await assistants.nth(0).getAttribute('data-status')).toBe('complete')
  expect(await assistants.nth(1).getAttribute('data-status')).toBe('partial')
  expect((await assistants.nth(1).getByTestId('message-content').textContent())?.trim()).toBe(partialText.trim())
}

export async function pageHasNoNodeOrElectron(page: Page): Promise<void> {
  const globals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>
    return {
      require: typeof w.require,
      process: typeof w.process,
      ipcRenderer: typeof w.ipcRenderer,
      module: typeof w.module,
      bridge: w.workbench ? Object.keys(w.workbench as object).sort() : null
    }
  })
  expect(globals).toMatchObject({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', module: 'undefined' })
  if (globals.bridge) expect(globals.bridge).toEqual(['invoke', 'on'])
}
