import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeProviders } from '../support/fake-providers'
import { lastAssistant, pickModel, send } from './chat-flow'
import { startBrowserSession, type BrowserSession } from './support/browser-session'

// An answer can be hostile markdown. These are the shapes that froze the tab (issue 8, break 5):
// each must leave the page answering, both while it streams in and whenever its conversation is
// opened again, and must still be readable, as plain text.
const BOMBS: Record<string, string> = {
  'bare quote markers': '>'.repeat(100_000),
  'nested quotes': '> '.repeat(10_000),
  'emphasis runs': '*'.repeat(50_000) + 'x' + '*'.repeat(50_000),
  'one 1 MB line': 'word '.repeat(199_999) + 'end.'
}

const NORMAL = [
  '## A normal answer',
  '',
  'Some **bold**, some *italic* and `inline code`.',
  '',
  '```ts',
  'export function add(a: number, b: number): number {',
  '  return a + b',
  '}',
  '```',
  '',
  '| name | value |',
  '|------|------:|',
  '| one  |     1 |',
  '| two  |     2 |',
  '',
  '> A quote, and a list:',
  '',
  '- first',
  '  - nested'
].join('\n')

// Hang detectors for a busy two-core machine, not targets: a frozen page does not answer at all
// (the reported freezes lasted minutes).
const RESPONSIVE_MS = 15_000
const SHOTS = '/tmp/shots/markdown'

let session: BrowserSession
let fakes: FakeProviders
let page: Page
let normalId = ''
const bombIds: Record<string, string> = {}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  session = await startBrowserSession()
  ;({ fakes, page } = session)
  await pickModel(page, 'openai:gpt-4o-mini')
})

afterAll(async () => {
  await session?.close()
})

/** Resolves with `work`, or fails saying the page froze when it takes longer than `ms`. */
async function within<T>(what: string, work: Promise<T>, ms = RESPONSIVE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const frozen = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms, the page is frozen`)), ms)
  })
  try {
    return await Promise.race([work, frozen])
  } finally {
    clearTimeout(timer)
  }
}

/** A round trip into the page that also needs a rendered frame: a busy main thread gives neither. */
const roundTrip = (what: string) => within(what, page.evaluate(() => new Promise<boolean>((r) => requestAnimationFrame(() => r(true)))))

/** What the newest answer shows as plain text, in a form cheap to send back for 1 MB. */
async function plainShown(): Promise<{ count: number; length: number; head: string; tail: string; reason: string | null }> {
  return page.evaluate(() => {
    const answers = document.querySelectorAll('[data-testid="message"][data-role="assistant"]')
    const plain = answers[answers.length - 1]?.querySelectorAll('[data-testid="markdown-plain"]') ?? []
    const text = plain[0]?.querySelector('pre')?.textContent ?? ''
    return { count: plain.length, length: text.length, head: text.slice(0, 40), tail: text.slice(-40), reason: plain[0]?.getAttribute('data-reason') ?? null }
  })
}

async function expectPlain(bomb: string): Promise<void> {
  const shown = await within('reading the plain text back', plainShown())
  expect(shown).toMatchObject({ count: 1, length: bomb.length, head: bomb.slice(0, 40), tail: bomb.slice(-40) })
  expect(shown.reason).toMatch(/^too /)
}

const selectedId = () => page.locator('[data-testid="conversation-item"].selected').getAttribute('data-conversation-id', { timeout: 1_000 }).catch(() => null)

/** Starts a new conversation, sends `prompt` with the fake answering `reply`, and returns its id. */
async function newConversationWith(prompt: string, reply: string[]): Promise<string> {
  const before = await within('reading the selection', selectedId())
  await within('starting a conversation', page.getByTestId('new-conversation').click())
  await expect.poll(selectedId, { timeout: RESPONSIVE_MS }).not.toBe(before)
  await expect.poll(() => page.locator('[data-testid="message"]').count(), { timeout: RESPONSIVE_MS }).toBe(0)
  const id = (await selectedId())!
  fakes.openai.script.reply = reply
  await within('sending', send(page, prompt))
  return id
}

async function open(id: string, what: string): Promise<void> {
  await within(`opening ${what}`, page.locator(`[data-conversation-id="${id}"] .conversation-title`).click())
}

describe('hostile markdown in Chromium against workbench serve', () => {
  it('formats a normal answer as before: headings, highlighted code, tables, quotes, lists', async () => {
    normalId = await newConversationWith('normal markdown please', [NORMAL.slice(0, 60), NORMAL.slice(60)])
    await expect.poll(() => lastAssistant(page).getAttribute('data-status'), { timeout: 30_000 }).toBe('complete')
    const content = lastAssistant(page).getByTestId('message-content')
    expect(await content.locator('h2').textContent()).toBe('A normal answer')
    expect(await content.locator('pre code.hljs .hljs-keyword').count()).toBeGreaterThan(0)
    expect(await content.locator('table td').count()).toBe(4)
    expect(await content.locator('blockquote').count()).toBe(1)
    expect(await content.locator('ul ul li').textContent()).toBe('nested')
    expect(await content.getByTestId('markdown-plain').count()).toBe(0)
    await lastAssistant(page).screenshot({ path: `${SHOTS}/normal-markdown.png` })
  })

  for (const [name, bomb] of Object.entries(BOMBS)) {
    it(`keeps the page answering while "${name}" streams in, and shows it as plain text`, async () => {
      // Cut into a few deltas, as a model streams it.
      const chunks = Array.from({ length: Math.ceil(bomb.length / 65_536) }, (_, i) => bomb.slice(i * 65_536, (i + 1) * 65_536))
      bombIds[name] = await newConversationWith(`bomb: ${name}`, chunks)
      await roundTrip(`the page while "${name}" streams`)
      await expect.poll(() => within('reading the status', lastAssistant(page).getAttribute('data-status')), { timeout: 60_000 }).toBe('complete')
      await roundTrip(`the page after "${name}" arrived`)
      await expectPlain(bomb)
    })
  }

  it('opens each bomb conversation again without freezing, and a click elsewhere still works', async () => {
    for (const [name, bomb] of Object.entries(BOMBS)) {
      await open(normalId, 'the normal conversation')
      await within('showing the normal answer', lastAssistant(page).locator('table').waitFor())
      await open(bombIds[name]!, `"${name}"`)
      await roundTrip(`the page after opening "${name}"`)
      await within(`showing "${name}"`, lastAssistant(page).getByTestId('markdown-plain').waitFor())
      await expectPlain(bomb)
      await lastAssistant(page).screenshot({ path: `${SHOTS}/plain-${name.replace(/\W+/g, '-')}.png` })
      // Another conversation answers a click at once.
      await open(normalId, 'the normal conversation')
      await within(`leaving "${name}" for another conversation`, lastAssistant(page).locator('table').waitFor())
    }
  })

  it('keeps footnote links in the message and never follows a stripped or relative link', async () => {
    const reply = 'A claim[^1], a [script link](javascript:alert(1)), a [relative link](other/page) and a [web link](http://127.0.0.1:9/x).\n\n[^1]: The source.'
    await newConversationWith('links please', [reply])
    await expect.poll(() => lastAssistant(page).getAttribute('data-status'), { timeout: 30_000 }).toBe('complete')
    const content = lastAssistant(page).getByTestId('message-content')
    const opened: string[] = []
    page.context().on('page', (p) => opened.push(p.url()))
    const url = page.url()

    await content.locator('sup a').click() // the footnote reference
    await content.locator('a[href="#user-content-fnref-1"]').click() // and back
    await content.getByText('script link').click()
    await content.getByText('relative link').click()
    await page.waitForTimeout(1_000) // time for a tab that should not open to open anyway
    expect(opened).toEqual([])
    expect(page.url()).toBe(url)

    // The control: a web link still opens a new window, and the listener above sees it.
    const popup = page.context().waitForEvent('page')
    await content.getByText('web link').click()
    await (await popup).close()
    expect(opened).toHaveLength(1)
  })
})
