// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The charter and the workstreams in the reader's language (ADR 0023), in a real Chromium: the
 * Japanese UI shows the demo's Japanese titles, the English UI its English ones, and an item
 * written in one language only shows in it, marked, with `lang` set on it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_CHARTER, DEMO_WORKSTREAMS } from '../../server/demo/demo-data'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
  // An item as one from before migration 0014 reads: English only.
  await server.db
    .updateTable('charter_items')
    .set({ title_ja: null, statement_ja: null })
    .where('code', '=', 'MKT-2')
    .execute()
})

afterAll(async () => {
  await server?.stop()
})

const titled = DEMO_CHARTER.filter((i) => i.code !== 'MKT-2')
/** The workstreams as the page lists them: by code. */
const workstreams = [...DEMO_WORKSTREAMS].sort((a, b) => a.code.localeCompare(b.code))

describe('charter and workstreams in two languages', () => {
  test('the Japanese UI shows the Japanese titles, marking an item written only in English', async () => {
    const { page, close } = await openBrowser(server.url, {
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
    })
    try {
      await signIn(page, 'lead@honda.example')
      await page.goto('/charter')
      await page.locator('.charter-item h3').first().waitFor()
      const titles = await page.locator('.charter-item h3').allInnerTexts()
      for (const item of titled) expect(titles).toContain(item.titleJa)
      expect(titles).not.toContain('No capital merger')
      const con = page.locator('#CON-1')
      expect(await con.locator('.charter-statement').innerText()).toBe(
        DEMO_CHARTER.find((i) => i.code === 'CON-1')?.statementJa,
      )
      // Written only in English: shown in English, marked, read as English.
      const europe = page.locator('#MKT-2 h3')
      expect(await europe.locator('[lang="en"]').innerText()).toBe('Europe')
      expect(await europe.locator('.lang-mark').innerText()).toBe('英語')
      expect(await page.locator('#MKT-1 h3 .lang-mark').count()).toBe(0)
      await expectAccessible(page, 'charter in Japanese')
      await screenshot(page, 'ja-charter-titles')

      await page.goto('/workstreams')
      await page.locator('.workstream-card h2').first().waitFor()
      const names = await page.locator('.workstream-card h2').allInnerTexts()
      expect(names.map((n) => n.trim())).toEqual(workstreams.map((w) => w.nameJa))
      await expectAccessible(page, 'workstreams in Japanese')
      await screenshot(page, 'ja-workstreams-names')

      await page.locator('.workstream-card h2 a').first().click()
      await page.locator('main h1').waitFor()
      expect(await page.locator('main h1').innerText()).toBe(workstreams[0]?.nameJa)
      const linked = await page.locator('.link-list a').allInnerTexts()
      expect(linked.join('\n')).toContain('バッテリーの共有と共同調達')
      await expectAccessible(page, 'workstream in Japanese')

      // Search finds an item by its Japanese words and titles it in Japanese.
      await page.goto(`/search?q=${encodeURIComponent('資本提携')}`)
      const hit = page.locator('.search-hit[data-code="CON-1"] .search-hit-title')
      await hit.waitFor()
      expect(await hit.innerText()).toContain('資本提携は行わない')
    } finally {
      await close()
    }
  })

  test('the English UI shows the English titles, marking an item written only in Japanese', async () => {
    await server.db
      .updateTable('charter_items')
      .set({
        title: '',
        title_ja: '北米',
        statement: '',
        statement_ja: '北米市場向けの商品と調達に協業を適用できる。',
      })
      .where('code', '=', 'MKT-1')
      .execute()
    const { page, close } = await openBrowser(server.url, {
      locale: 'en-US',
      timezoneId: 'America/New_York',
    })
    try {
      await signIn(page, 'lead@nissan.example')
      await page.goto('/charter')
      await page.locator('.charter-item h3').first().waitFor()
      const titles = await page.locator('.charter-item h3').allInnerTexts()
      expect(titles).toContain('No capital merger')
      expect(titles).toContain('Economies of scale')
      expect(titles.join('\n')).not.toContain('資本提携は行わない')
      const na = page.locator('#MKT-1 h3')
      expect(await na.locator('[lang="ja"]').innerText()).toBe('北米')
      expect(await na.locator('.lang-mark').innerText()).toBe('JA')
      expect(await page.locator('#MKT-1 .charter-statement [lang="ja"]').count()).toBe(1)
      await expectAccessible(page, 'charter in English')

      await page.goto('/workstreams')
      await page.locator('.workstream-card h2').first().waitFor()
      const names = await page.locator('.workstream-card h2').allInnerTexts()
      expect(names.map((n) => n.trim())).toEqual(workstreams.map((w) => w.name))
    } finally {
      await close()
    }
  })

  test('the amendment editor writes an item in both languages, and the proposal shows both', async () => {
    const { page, close } = await openBrowser(server.url, { locale: 'en-US' })
    try {
      await signIn(page, 'software.lead@honda.example')
      await page.goto('/proposals/new')
      await page.getByRole('radio', { name: /Charter amendment/ }).check()
      await page
        .getByLabel('Workstream')
        .selectOption({ label: 'WS-SW — Shared software platform' })
      await page.getByLabel('Title', { exact: true }).fill('A stance on a joint brand')
      await page.locator('[data-item="CON-1"]').getByLabel('No impact').check()
      await page.locator('[data-item="ST-1"]').getByLabel('No impact').check()
      await page.getByRole('button', { name: 'Add an item' }).click()
      await page.getByLabel('Kind', { exact: true }).selectOption('stance')
      await page.getByLabel('Code', { exact: true }).fill('ST-7')
      await page.getByLabel('Title (English)').fill('No joint brand for now')
      await page.getByLabel('Title (Japanese)').fill('当面、共同ブランドは設けない')
      // The statement in Japanese only: one language is enough.
      await page
        .getByLabel('Statement (Japanese)')
        .fill('当面、両社共通のブランドで車両を販売しない。')
      expect(await page.getByLabel('Title (Japanese)').getAttribute('lang')).toBe('ja')
      await expectAccessible(page, 'amendment editor in two languages')
      await page.getByRole('button', { name: 'Save draft' }).click()
      await page.waitForURL((url) => /^\/proposals\/[0-9a-f-]{36}$/.test(url.pathname))
      const summary = page.locator('.amendment-summary')
      await summary.waitFor()
      const text = await summary.innerText()
      expect(text).toContain('No joint brand for now')
      expect(text).toContain('当面、共同ブランドは設けない')
      expect(await summary.locator('[lang="ja"]').allInnerTexts()).toEqual(
        expect.arrayContaining([
          '当面、共同ブランドは設けない',
          '当面、両社共通のブランドで車両を販売しない。',
        ]),
      )
      await expectAccessible(page, 'amendment draft in two languages')
      await screenshot(page, 'en-amendment-two-languages')
    } finally {
      await close()
    }
  })
})
