// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * Keyboard only: a Nissan engineer signs in, writes a proposal, states its impacts, saves it,
 * assigns a reviewer of each party and submits it, with Tab, typing, Space, arrows and Enter;
 * no click and no focus set by the test. Focus is visible on every control used.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_PASSWORD } from '../helpers/api'
import { expectAccessible, openBrowser, screenshot } from '../helpers/browser'
import { expectNoPageErrors, expectState } from '../helpers/proposal-ui'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

interface Focused {
  tag: string
  type: string
  name: string
  outline: string
}

/** The focused element: its tag, type, accessible-ish name (label, aria-label or text) and outline. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el) return { tag: '', type: '', name: '', outline: '' }
    const input = el as HTMLInputElement
    const label =
      el.getAttribute('aria-label') ??
      ((input.labels?.[0]?.textContent ?? '') || el.textContent || '')
    const style = getComputedStyle(el)
    return {
      tag: el.tagName.toLowerCase(),
      type: input.type ?? '',
      name: label.replace(/\s+/g, ' ').trim(),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    }
  })
}

/** Presses Tab until the focused element matches, and checks its focus ring shows. */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    if (match(f)) {
      expect(f.outline, `focus ring on ${what}`).not.toMatch(/^none/)
      return
    }
  }
  throw new Error(`Tab never reached ${what}`)
}

const named = (tag: string, name: string | RegExp) => (f: Focused) =>
  f.tag === tag && (typeof name === 'string' ? f.name === name : name.test(f.name))

describe('keyboard only', () => {
  test('a proposal is filed and submitted without a mouse', async () => {
    const user = await openBrowser(server.url)
    const { page } = user
    try {
      await page.goto('/sign-in')
      await page.locator('input[name="email"]').waitFor()
      await tabTo(page, (f) => f.tag === 'input' && f.type === 'email', 'the email field')
      await page.keyboard.type('engineer@nissan.example')
      await tabTo(page, (f) => f.tag === 'input' && f.type === 'password', 'the password field')
      await page.keyboard.type(DEMO_PASSWORD)
      await page.keyboard.press('Enter')
      await page.locator('.inbox-counts').waitFor()

      await tabTo(page, named('a', 'New proposal'), 'New proposal')
      await page.keyboard.press('Enter')
      await page.waitForURL((url) => url.pathname === '/proposals/new')
      await page.getByLabel('Title', { exact: true }).waitFor()

      // The kind stays "Decision"; the workstream is the first in the list (WS-BAT).
      await tabTo(page, named('select', 'Workstream'), 'the workstream')
      await page.keyboard.press('ArrowDown')
      expect(
        await page.getByLabel('Workstream').evaluate((el) => {
          const select = el as HTMLSelectElement
          return select.options[select.selectedIndex]?.textContent
        }),
      ).toBe('WS-BAT — Joint battery procurement')
      await tabTo(page, named('input', 'Title'), 'the title')
      await page.keyboard.type('Shared cell-to-pack battery design study')
      await tabTo(page, named('textarea', 'Text'), 'the text')
      await page.keyboard.type('Study one cell-to-pack design for both companies.')
      // Impact statements: Tab lands on each group's first radio ("No impact"); Space picks it.
      await tabTo(
        page,
        (f) => f.tag === 'input' && f.type === 'radio' && f.name === 'No impact',
        'CON-1',
      )
      await page.keyboard.press('Space')
      await tabTo(
        page,
        (f) => f.tag === 'input' && f.type === 'radio' && f.name === 'No impact',
        'ST-1',
      )
      await page.keyboard.press('Space')
      await tabTo(page, named('input', 'AREA-2 Battery sharing and joint procurement'), 'AREA-2')
      await page.keyboard.press('Space')
      expect(await page.locator('.editor-side .guardrails').innerText()).toContain('No flags')
      await expectAccessible(page, 'editor reached by keyboard')
      await tabTo(page, named('button', 'Save draft'), 'Save draft')
      await page.keyboard.press('Enter')
      await page.waitForURL((url) => /^\/proposals\/[0-9a-f-]{36}$/.test(url.pathname))
      await expectState(page, 'Draft')
      expect(await page.locator('.proposal-body').innerText()).toContain('cell-to-pack design')

      // The checklist's missing item opens the reviews section, where reviewers are assigned.
      await tabTo(page, named('a', /^Assign a reviewer of each party/), 'the reviewers item')
      await page.keyboard.press('Enter')
      await page.locator('.tab-panel[data-tab="reviews"]').waitFor()
      await tabTo(page, named('button', 'Assign reviewers'), 'Assign reviewers')
      await page.keyboard.press('Enter')
      await tabTo(page, named('input', /^Haruka Sato/), 'Haruka Sato')
      await page.keyboard.press('Space')
      await tabTo(page, named('input', /^Naoki Fujita/), 'Naoki Fujita')
      await page.keyboard.press('Space')
      await tabTo(page, named('button', 'Save reviewers'), 'Save reviewers')
      await page.keyboard.press('Enter')
      await page.getByText('Every party has the reviewer the policy requires.').waitFor()

      // After saving, focus is back at the page's top: tab on to Submit.
      await tabTo(page, named('button', 'Submit for review'), 'Submit for review')
      await page.keyboard.press('Enter')
      await expectState(page, 'In review')
      await page.getByRole('status').filter({ hasText: 'Submitted for review.' }).waitFor()
      await expectAccessible(page, 'submitted by keyboard')
      await screenshot(page, 'keyboard-submitted')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })
})
