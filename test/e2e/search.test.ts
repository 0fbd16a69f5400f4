// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The search box in a real Chromium (issue 15): words find proposals, decisions and comments with
 * the words marked, "load more" pages on, a code opens the item, addresses take codes
 * (/proposals/P-1, /decisions/D-1, /workstreams/WS-BAT), in English and Japanese, at 1366 and
 * 390 px, keyboard only, axe clean.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ja } from '../../client/src/i18n/ja'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'
import { type MadeDecisions, makeDecisions, worldOf } from './decisions-setup'

let server: TestServer
let made: MadeDecisions
/** P-n of the shortlist proposal. */
let shortlistCode: string

const SHORTLIST = 'Battery cell supplier shortlist'
const PAGE_WORD = 'walrusplan'

beforeAll(async () => {
  server = await startTestServer()
  made = await makeDecisions(server)
  const world = worldOf(server)
  const nissan = await world.as('member@nissan.example')
  const proposalId = made.proposals[SHORTLIST] as string
  shortlistCode = (await nissan.proposal.get({ proposalId })).code
  // Enough comments with one word for more than one page of results (a page is 20).
  for (let i = 1; i <= 23; i++) {
    await nissan.comment.add({
      proposalId,
      body: `Note ${i} on the ${PAGE_WORD} for the cell suppliers.`,
      visibility: 'joint',
    })
  }
  await (await world.as('member@honda.example')).comment.add({
    proposalId,
    body: '電池セルの共同調達に賛成です。北米の工場から始めます。',
    visibility: 'joint',
  })
}, 120_000)

afterAll(async () => {
  await server?.stop()
})

/** Types into the header's search box with the keyboard and sends it with Enter. */
async function searchFor(page: Page, label: string, text: string) {
  const box = page.getByRole('searchbox', { name: label })
  await box.focus()
  await box.fill('')
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow).toBeLessThanOrEqual(0)
}

describe('search', () => {
  test('words find ranked results with the words marked; more load on; a code opens it', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 1366, height: 768 } })
    const { page } = user
    try {
      await page.goto('/')
      await signIn(page, 'member@nissan.example')

      await searchFor(page, 'Search', 'shortlist battery')
      await page.waitForURL(/\/search\?q=shortlist/)
      const hits = page.locator('.search-hit')
      await hits.first().waitFor()
      expect(await page.locator('main h1').innerText()).toBe('Search: shortlist battery')
      // The proposal whose title holds both words comes first, its words marked.
      const first = hits.first()
      expect(await first.locator('.search-hit-title').innerText()).toContain(SHORTLIST)
      const marked = (await first.locator('.search-hit-title mark').allInnerTexts()).map((m) =>
        m.toLowerCase(),
      )
      expect(marked).toEqual(expect.arrayContaining(['battery', 'shortlist']))
      // Marked as elements: the page holds no markup the server wrote.
      expect(await page.locator('.search-hit mark mark').count()).toBe(0)
      await expectAccessible(page, 'search results')
      await screenshot(page, 'search-en-1366')

      // Keyboard only: Tab reaches the first result's link and Enter opens it.
      await page.getByRole('searchbox', { name: 'Search' }).focus()
      let focused = ''
      for (let i = 0; i < 60 && !focused.includes(SHORTLIST); i++) {
        await page.keyboard.press('Tab')
        focused = await page.evaluate(() => {
          const active = document.activeElement
          return active?.closest('.search-hit[data-kind="proposal"]')
            ? (active.textContent ?? '')
            : ''
        })
      }
      expect(focused).toContain(SHORTLIST)
      await page.keyboard.press('Enter')
      await page.waitForURL(`**/proposals/${shortlistCode}`)
      await page.locator('main h1', { hasText: `${shortlistCode} ${SHORTLIST}` }).waitFor()

      // More than a page: "Load more" goes on with the cursor.
      await searchFor(page, 'Search', PAGE_WORD)
      await page.waitForURL(/q=walrusplan/)
      await hits.first().waitFor()
      await expect.poll(() => hits.count()).toBe(20)
      expect(await page.getByRole('status').first().innerText()).toBe('20 results shown')
      await page.getByRole('button', { name: 'Load more' }).click()
      await expect.poll(() => hits.count()).toBe(23)
      expect(await page.getByRole('status').first().innerText()).toBe('23 results shown')
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0)
      const kinds = await hits.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')))
      expect(new Set(kinds)).toEqual(new Set(['comment']))

      // Nothing found says so.
      await searchFor(page, 'Search', 'nowhereword')
      await page.getByText('Nothing you may see matches “nowhereword”').waitFor()

      // A code goes straight to the item, in any case.
      await searchFor(page, 'Search', shortlistCode.toLowerCase())
      await page.waitForURL(`**/proposals/${shortlistCode}`)
      await page.locator('main h1', { hasText: `${shortlistCode} ${SHORTLIST}` }).waitFor()
      const decisionCode = made.codes[SHORTLIST] as string
      await searchFor(page, 'Search', decisionCode)
      await page.waitForURL(`**/decisions/${decisionCode}`)
      await page.locator('main h1', { hasText: decisionCode }).waitFor()
      await searchFor(page, 'Search', 'ws-bat')
      await page.waitForURL('**/workstreams/WS-BAT')
      await page.locator('main h1', { hasText: 'Joint battery procurement' }).waitFor()
      // Back leaves the search out: it goes to the page before it.
      await page.goBack()
      await page.waitForURL(`**/decisions/${decisionCode}`)
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })

  test('addresses take codes; an unknown code is a sentence, not an id complaint', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 1366, height: 768 } })
    const { page } = user
    try {
      await page.goto('/proposals/P-1')
      await signIn(page, 'member@nissan.example')
      await page.waitForURL('**/proposals/P-1')
      await page.locator('main h1', { hasText: /^P-1 / }).waitFor()
      // The UUID address keeps working.
      const id = made.proposals[SHORTLIST] as string
      await page.goto(`/proposals/${id}`)
      await page.locator('main h1', { hasText: `${shortlistCode} ${SHORTLIST}` }).waitFor()
      await page.goto('/decisions/d-1')
      await page.locator('main h1', { hasText: 'D-1' }).waitFor()
      // A decision's code at a proposal's address goes to the decision.
      await page.goto('/proposals/D-1')
      await page.waitForURL('**/decisions/D-1')
      await page.goto('/workstreams/WS-BAT')
      await page.locator('main h1', { hasText: 'Joint battery procurement' }).waitFor()

      await page.goto('/proposals/P-9999')
      await page.locator('main h1', { hasText: 'Nothing at this address' }).waitFor()
      const text = await page.locator('main').innerText()
      expect(text).toContain(
        'There is nothing called P-9999 in this partnership that you can open.',
      )
      expect(text).not.toMatch(/UUID|must be an id/)
      await expectAccessible(page, 'an unknown code')
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })

  for (const [lang, width] of [
    ['en', 390],
    ['ja', 1366],
    ['ja', 390],
  ] as const) {
    test(`reads right in ${lang} at ${width} px`, async () => {
      const user = await openBrowser(server.url, {
        locale: lang === 'ja' ? 'ja-JP' : 'en-US',
        timezoneId: lang === 'ja' ? 'Asia/Tokyo' : 'Europe/London',
        viewport: { width, height: width < 500 ? 844 : 768 },
      })
      const { page } = user
      try {
        await page.goto('/')
        await signIn(page, lang === 'ja' ? 'lead@honda.example' : 'member@nissan.example')
        const label = lang === 'ja' ? ja['search.label'] : 'Search'
        await searchFor(page, label, lang === 'ja' ? '電池 調達' : 'shortlist battery')
        const hits = page.locator('.search-hit')
        await hits.first().waitFor()
        const marked = await page.locator('.search-hit mark').allInnerTexts()
        if (lang === 'ja') {
          expect(marked).toEqual(expect.arrayContaining(['電池', '調達']))
          expect(await page.locator('main h1').innerText()).toBe('検索：電池 調達')
          expect(await page.locator('.search-kind').first().innerText()).toMatch(
            /^(提案|決定|憲章|P-\d+へのコメント)$/,
          )
        } else {
          expect(marked.map((m) => m.toLowerCase())).toEqual(
            expect.arrayContaining(['battery', 'shortlist']),
          )
        }
        await noSidewaysScroll(page)
        await expectAccessible(page, `search in ${lang} at ${width} px`)
        await screenshot(page, `search-${lang}-${width}`)
        expect(user.errors).toEqual([])
      } finally {
        await user.close()
      }
    })
  }
})
