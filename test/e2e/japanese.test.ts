// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The Japanese UI of the main pages (home, charter, decisions, dashboard, audit) in a real
 * Chromium: Japanese labels, no English navigation label left, dates in Japanese, axe on each.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { en } from '../../client/src/i18n/en'
import { ja } from '../../client/src/i18n/ja'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'
import { makeDecisions } from './decisions-setup'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
  await makeDecisions(server)
})

afterAll(async () => {
  await server?.stop()
})

/**
 * Japanese text drawn as a column of single characters (a label squeezed to one character's
 * width: Japanese has no spaces, so it may break anywhere): each such text, with its lines.
 */
function singleCharacterColumns(page: Page) {
  return page.evaluate(() => {
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const range = document.createRange()
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // What a closed <details> holds is not on screen.
      const closed = node.parentElement?.closest('details:not([open])')
      if (closed && !node.parentElement?.closest('summary')) continue
      const chars = [...(node.textContent ?? '').trim()]
      if (chars.filter((c) => /[\u3040-\u30ff\u3400-\u9fff]/.test(c)).length < 3) continue
      range.selectNodeContents(node)
      const lines = new Set(
        [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
      )
      if (lines.size >= 3 && lines.size >= chars.length * 0.6)
        found.push(`${chars.join('')} (${lines.size} lines)`)
    }
    return found
  })
}

const NAV_KEYS = Object.keys(en).filter(
  (k) => k.startsWith('nav.') && k !== 'nav.label',
) as (keyof typeof en)[]

describe('the Japanese UI', () => {
  test('the main pages render in Japanese', async () => {
    const user = await openBrowser(server.url, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })
    const { page } = user
    try {
      await page.goto('/')
      // The browser speaks Japanese: the sign-in page already does.
      await page.locator('main h1').waitFor()
      expect(await page.locator('main h1').innerText()).toBe(ja['auth.title'])
      await signIn(page, 'lead@honda.example')
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja')

      const nav = page.getByRole('navigation', { name: ja['nav.label'] })
      const labels = (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim())
      const jaNav = new Set(NAV_KEYS.map((k) => ja[k]))
      const enNav = new Set(NAV_KEYS.map((k) => en[k]))
      expect(labels.length).toBeGreaterThanOrEqual(7)
      for (const label of labels) {
        expect(jaNav.has(label), `nav label ${label}`).toBe(true)
        expect(enNav.has(label), `English nav label ${label}`).toBe(false)
      }
      for (const key of ['nav.decisions', 'nav.dashboard', 'nav.audit', 'nav.charter'] as const) {
        expect(labels).toContain(ja[key])
      }

      const visit = async (path: string, ready: string, name: string) => {
        await page.goto(path)
        await page.locator(ready).first().waitFor()
        expect(await page.locator('main h1').innerText()).not.toMatch(/^[A-Za-z ]+$/)
        await expectAccessible(page, `${path} in Japanese`)
        expect(await singleCharacterColumns(page), `${path} at 1366 px`).toEqual([])
        await screenshot(page, name)
      }

      await visit('/', 'main h1', 'ja-home')

      await visit('/charter', '#charter-history', 'ja-charter-history')
      expect(await page.locator('main h1').innerText()).toBe(ja['charter.title'])
      expect(await page.locator('#charter-history').innerText()).toBe(ja['charter.history.title'])
      expect(await page.locator('.history-version').first().innerText()).toContain(
        ja['charter.history.initial'],
      )

      await visit('/decisions', '.decision-row', 'ja-decisions')
      expect(await page.locator('main h1').innerText()).toBe(ja['decisions.title'])
      expect(await page.getByLabel(ja['decisions.filter.status']).count()).toBe(1)
      expect(await page.getByRole('button', { name: ja['decisions.export.csv'] }).count()).toBe(1)
      expect(await page.locator('.badge-decision-superseded').innerText()).toBe(
        ja['decisions.status.superseded'],
      )
      // Dates as Japanese write them (2026/11/27), not "Nov 27, 2026".
      expect(await page.locator('.decision-row .meta').first().innerText()).toMatch(
        /\d{4}\/\d{1,2}\/\d{1,2}発効/,
      )

      await visit('/dashboard', 'svg[role="img"]', 'ja-dashboard')
      expect(await page.locator('main h1').innerText()).toBe(ja['dashboard.title'])
      const headings = await page.locator('.chart-card h2').allInnerTexts()
      expect(headings).toEqual([
        ja['dashboard.decisions.title'],
        ja['dashboard.proposals.title'],
        ja['dashboard.time.title'],
        ja['dashboard.signoff.title'],
      ])

      await visit('/audit', '.event-row', 'ja-audit')
      expect(await page.locator('main h1').innerText()).toBe(ja['audit.title'])
      await page.getByRole('button', { name: ja['audit.verify.start'] }).click()
      const result = page.locator('.verify-result[data-result="ok"]')
      await result.waitFor({ timeout: 60_000 })
      expect(await result.innerText()).toMatch(/シーケンス\d+まで改ざんはありません。/)
      await expectAccessible(page, 'audit in Japanese, verified')
      await screenshot(page, 'ja-audit')

      // From a phone up, no Japanese label breaks into a column of single characters.
      for (const width of [360, 390, 768, 1024]) {
        await page.setViewportSize({ width, height: 900 })
        for (const path of ['/', '/decisions', '/dashboard', '/charter', '/workstreams']) {
          await page.goto(path)
          await page.locator('main h1').waitFor()
          await page.waitForLoadState('networkidle')
          expect(await singleCharacterColumns(page), `${path} at ${width} px`).toEqual([])
        }
      }
      await page.setViewportSize({ width: 390, height: 844 })
      await page.goto('/')
      await page.locator('.home-grid').waitFor()
      await screenshot(page, 'ja-home-390')

      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })
})
