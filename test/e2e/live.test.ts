// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * Live pages (ADR 0034) and each party's clock in Chromium: two people of different parties
 * have the same proposal open; one comments and mentions the other, whose page shows the comment
 * and whose bell counts it without a reload, keeping the comment they were typing. The status
 * card shows both parties' clocks (EN and JA, 1366 and 390 px).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import {
  expectNoPageErrors,
  openComposer,
  openProposal,
  serverWorld,
  submittedProposal,
} from '../helpers/proposal-ui'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

const COMMENT = 'Live: @member@honda.example, our 2028 volume is 2 GWh.'
const UNSAVED = 'Half-written answer that must survive'

describe('live pages', () => {
  test('a comment by one party appears on the other party’s open page, and in its bell, without a reload', async () => {
    const id = await submittedProposal(
      serverWorld(server),
      'member@nissan.example',
      { title: 'Live cell volumes', body: 'Both parties share volumes.' },
      ['member@honda.example', 'engineer@nissan.example'],
    )
    const honda = await openBrowser(server.url)
    const nissan = await openBrowser(server.url)
    try {
      await signIn(honda.page, 'member@honda.example')
      await openProposal(honda.page, id, 'discussion')
      await honda.page.locator('html[data-live="open"]').waitFor()
      // A marker that a reload would wipe, and an unsaved comment that must stay.
      await honda.page.evaluate(() => {
        ;(window as unknown as { notReloaded: boolean }).notReloaded = true
      })
      const draft = await openComposer(honda.page)
      await draft.getByLabel('Comment', { exact: true }).fill(UNSAVED)
      const bell = honda.page.locator('.notification-bell')
      const unreadBefore = await bell.getAttribute('aria-label')
      expect(await honda.page.locator('.comment').count()).toBe(0)

      await signIn(nissan.page, 'engineer@nissan.example')
      await openProposal(nissan.page, id, 'discussion')
      const composer = await openComposer(nissan.page)
      await composer.getByLabel('Comment', { exact: true }).fill(COMMENT)
      await composer.getByLabel(/^Joint/).check()
      await composer.getByRole('button', { name: 'Post joint comment' }).click()
      await nissan.page.locator('.comment').filter({ hasText: '2 GWh' }).waitFor()

      // Honda's page: the comment arrives, the bell counts the mention, nothing was reloaded.
      await honda.page.locator('.comment').filter({ hasText: '2 GWh' }).waitFor()
      await expect
        .poll(() => bell.getAttribute('aria-label'), { timeout: 15_000 })
        .not.toBe(unreadBefore)
      expect(
        await honda.page.evaluate(
          () => (window as unknown as { notReloaded?: boolean }).notReloaded,
        ),
      ).toBe(true)
      expect(await draft.getByLabel('Comment', { exact: true }).inputValue()).toBe(UNSAVED)
      await screenshot(honda.page, 'live-comment-arrived')
      expectNoPageErrors(honda)
      expectNoPageErrors(nissan)
    } finally {
      await honda.close()
      await nissan.close()
    }
  })

  test('the status card shows each party’s clock, in English and Japanese, on a desktop and a phone', async () => {
    const world = serverWorld(server)
    const id = await submittedProposal(
      world,
      'member@nissan.example',
      { title: 'Clocks before the year-end', body: 'Due after the year-end shutdowns.' },
      ['member@honda.example', 'engineer@nissan.example'],
    )
    for (const lang of ['en', 'ja'] as const) {
      const user = await openBrowser(server.url, {
        locale: lang === 'ja' ? 'ja-JP' : 'en-US',
        timezoneId: 'Asia/Tokyo',
        viewport: { width: 1366, height: 900 },
      })
      try {
        const page = user.page
        await signIn(page, 'member@honda.example')
        // Open the page first, then choose the language on it (the choice is saved to the account).
        await openProposal(page, id)
        await page.getByLabel(/Language|言語/).selectOption(lang)
        const clocks = page.locator('.party-clocks')
        await clocks.waitFor()
        // The chosen language's dictionary may arrive after the page: wait for its heading.
        await clocks
          .getByRole('heading', { name: lang === 'ja' ? '各社の時計' : 'Each party’s clock' })
          .waitFor()
        expect(await clocks.locator('.party-clock').count()).toBe(2)
        const text = await clocks.innerText()
        expect(text).toContain('Asia/Tokyo')
        expect(text).toContain(lang === 'ja' ? '各社の時計' : 'Each party’s clock')
        expect(text).toMatch(lang === 'ja' ? /本田技研工業|Honda/ : /Honda/)
        await expectAccessible(page, `party clocks (${lang})`)
        await clocks.scrollIntoViewIfNeeded()
        await screenshot(page, `party-clocks-1366-${lang}`)
        await page.setViewportSize({ width: 390, height: 844 })
        await clocks.scrollIntoViewIfNeeded()
        const box = await clocks.boundingBox()
        expect(box && box.x + box.width <= 390).toBe(true)
        await screenshot(page, `party-clocks-390-${lang}`)
        expectNoPageErrors(user)
      } finally {
        await user.close()
      }
    }
  })
})
