/**
 * The proposal page fits on a screen: where it stands, what it waits on and what you can do are
 * in the first screen at 1366×768 and at the top on a 390 px phone; the rest is in sections (tabs
 * in the URL, worked by the keyboard); forms open when asked for and the focus follows; the phone
 * header stays short, its menu opens and closes by the keyboard. Checked in English and Japanese.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import {
  expectNoPageErrors,
  openProposal,
  openSection,
  serverWorld,
  submittedProposal,
} from '../helpers/proposal-ui'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer
let id = ''
let commentId = ''

beforeAll(async () => {
  server = await startTestServer()
  const world = serverWorld(server)
  id = await submittedProposal(
    world,
    'member@nissan.example',
    {
      title: 'Joint LFP cell tender for the 2028 compact EVs',
      body: 'One tender for both companies, lots split by plant.\n\n'.repeat(12),
    },
    ['member@honda.example', 'engineer@nissan.example'],
  )
  const nissan = await world.as('member@nissan.example')
  for (let n = 1; n <= 6; n += 1) {
    const made = await nissan.comment.add({
      proposalId: id,
      body: `Volumes, point ${n}: each plant's 2028 demand goes in the tender's lot ${n}.`,
      visibility: 'joint',
    })
    commentId = made.id
  }
})

afterAll(async () => {
  await server?.stop()
})

/** The element's box in page coordinates (the page is scrolled to its top). */
async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox()
  if (!found) throw new Error(`${selector} is not shown`)
  return found
}

async function focusedIn(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector)
}

describe('the proposal page at 1366×768', () => {
  for (const lang of ['en', 'ja'] as const) {
    test(`status, waiting-on and actions fit the first screen (${lang})`, async () => {
      const user = await openBrowser(server.url, {
        viewport: { width: 1366, height: 768 },
        locale: lang === 'ja' ? 'ja-JP' : 'en-US',
      })
      try {
        const { page } = user
        // lead@honda.example's account is set to Japanese.
        await signIn(page, lang === 'ja' ? 'lead@honda.example' : 'member@honda.example')
        await openProposal(page, id)
        if (lang === 'ja') await page.getByRole('heading', { name: '現在の状況' }).waitFor()
        for (const selector of ['.status-card', '.status-card .waiting-on', '.action-card']) {
          const b = await box(page, selector)
          expect(b.y + b.height, selector).toBeLessThanOrEqual(768)
        }
        expect((await box(page, '.signoff-card')).y).toBeLessThan(768)
        // The forms are closed until asked for.
        expect(await page.locator('form').count()).toBe(1) // the header's search
        await expectAccessible(page, `proposal (${lang})`)
        await screenshot(page, `proposal-${lang}-1366`)
        for (const section of ['revisions', 'reviews', 'discussion', 'history'] as const) {
          await openSection(page, section)
          await expectAccessible(page, `proposal ${section} (${lang})`)
        }
        await screenshot(page, `proposal-history-${lang}-1366`)
        expectNoPageErrors(user)
      } finally {
        await user.close()
      }
    })
  }

  test('the sections are tabs in the URL, worked by the arrow keys, and Back returns', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 1366, height: 768 } })
    try {
      const { page } = user
      await signIn(page, 'member@honda.example')
      await openProposal(page, id)
      const selected = () =>
        page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-tab')
      expect(await selected()).toBe('content')
      expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1)
      await page.locator('[role="tab"][aria-selected="true"]').focus()
      await page.keyboard.press('ArrowRight')
      await page.locator('.tab-panel[data-tab="revisions"]').waitFor()
      expect(new URL(page.url()).search).toBe('?tab=revisions')
      expect(await focusedIn(page, '[role="tab"][data-tab="revisions"]')).toBe(true)
      await page.keyboard.press('End')
      await page.locator('.tab-panel[data-tab="history"] #timeline').waitFor()
      expect(await focusedIn(page, '[role="tab"][data-tab="history"]')).toBe(true)
      await page.keyboard.press('ArrowRight')
      await page.locator('.tab-panel[data-tab="content"]').waitFor()
      expect(new URL(page.url()).search).toBe('')
      await page.keyboard.press('ArrowLeft')
      await page.locator('.tab-panel[data-tab="history"]').waitFor()
      await page.keyboard.press('Home')
      await page.locator('.tab-panel[data-tab="content"]').waitFor()
      // Each selection is a step in the history: Back goes to the one before.
      await page.goBack()
      await page.locator('.tab-panel[data-tab="history"]').waitFor()
      expect(await selected()).toBe('history')
      await page.goBack()
      await page.locator('.tab-panel[data-tab="content"]').waitFor()
      // A tab named in the address opens with the page.
      await page.goto(`/proposals/${id}?tab=discussion`)
      await page.locator('.tab-panel[data-tab="discussion"] .comment').first().waitFor()
      expect(await selected()).toBe('discussion')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })

  test('a link to a comment lands on it, in the discussion', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 1366, height: 768 } })
    try {
      const { page } = user
      await signIn(page, 'member@honda.example')
      await page.goto(`/proposals/${id}#comment-${commentId}`)
      const comment = page.locator(`#comment-${commentId}`)
      await comment.waitFor()
      expect(
        await page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-tab'),
      ).toBe('discussion')
      await expect
        .poll(() => comment.evaluate((el) => el.getBoundingClientRect().top))
        .toBeLessThan(768)
      expect(await focusedIn(page, `#comment-${commentId}`)).toBe(true)
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })

  test('"Write your review" opens the form with the focus in it; recording keeps the focus', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 1366, height: 768 } })
    try {
      const { page } = user
      await signIn(page, 'engineer@nissan.example')
      await openProposal(page, id)
      await page.locator('.action-card').getByRole('button', { name: 'Write your review' }).click()
      const form = page.locator('#review-form')
      await form.waitFor()
      expect(new URL(page.url()).search).toBe('?tab=reviews')
      expect(await focusedIn(page, '#review-form')).toBe(true)
      // Cancel closes it and gives the focus to the button that opens it.
      await form.getByRole('button', { name: 'Cancel' }).click()
      expect(await form.count()).toBe(0)
      const opener = page.locator('#reviews').getByRole('button', { name: 'Write your review' })
      expect(await opener.getAttribute('aria-expanded')).toBe('false')
      expect(await focusedIn(page, '#reviews .on-demand')).toBe(true)
      await page.keyboard.press('Enter')
      await form.waitFor()
      expect(await focusedIn(page, '#review-form')).toBe(true)
      await page.keyboard.press('Space') // the focused verdict: Approve
      await form.getByLabel('Comment for the author').fill('Clear and fair to both plants.')
      await form.getByRole('button', { name: 'Record review' }).click()
      const status = page
        .locator('#reviews')
        .getByRole('status')
        .filter({ hasText: 'Your review is recorded.' })
      await status.waitFor()
      await page.locator('#reviews .review').filter({ hasText: 'Clear and fair' }).waitFor()
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false)
      expect(await focusedIn(page, '#reviews')).toBe(true)
      await expectAccessible(page, 'proposal after a review')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })
})

describe('the proposal page on a 390 px phone', () => {
  for (const lang of ['en', 'ja'] as const) {
    test(`a short header with a menu; status and actions at the top (${lang})`, async () => {
      const user = await openBrowser(server.url, {
        viewport: { width: 390, height: 844 },
        locale: lang === 'ja' ? 'ja-JP' : 'en-US',
      })
      try {
        const { page } = user
        await signIn(page, lang === 'ja' ? 'lead@honda.example' : 'member@honda.example')
        await openProposal(page, id)
        const header = await box(page, '.site-header')
        expect(header.height).toBeLessThanOrEqual(120)
        for (const selector of ['.status-card', '.status-card .waiting-on', '.action-card'])
          expect((await box(page, selector)).y, selector).toBeLessThan(844)
        await expectAccessible(page, `proposal on a phone (${lang})`)
        await screenshot(page, `proposal-${lang}-390`)

        // The menu: a button that says whether it is open; Escape closes it, the focus returns.
        const menu = page.locator('.menu-button')
        const nav = page.locator('.main-nav')
        expect(await menu.getAttribute('aria-expanded')).toBe('false')
        expect(await nav.isVisible()).toBe(false)
        await menu.focus()
        await page.keyboard.press('Enter')
        expect(await menu.getAttribute('aria-expanded')).toBe('true')
        await nav.waitFor()
        await expectAccessible(page, `phone menu open (${lang})`)
        await screenshot(page, `header-menu-${lang}-390`)
        await page.keyboard.press('Tab')
        await page.keyboard.press('Escape')
        expect(await menu.getAttribute('aria-expanded')).toBe('false')
        expect(await nav.isVisible()).toBe(false)
        expect(await focusedIn(page, '.menu-button')).toBe(true)
        // A link in the menu goes to its page and the menu closes.
        await menu.click()
        await nav.locator('a[href="/proposals"]').click()
        await page.waitForURL((url) => url.pathname === '/proposals')
        expect(await menu.getAttribute('aria-expanded')).toBe('false')
        expect((await box(page, '.site-header')).height).toBeLessThanOrEqual(120)
        expectNoPageErrors(user)
      } finally {
        await user.close()
      }
    })
  }
})
