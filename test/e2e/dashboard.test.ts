// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The dashboard in a real Chromium: four charts, each an image with a text alternative that states
 * its figures and a table with the same data, drawn from decisions made through the API.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'
import { makeDecisions } from './decisions-setup'

let server: TestServer

const HOUR = 3_600_000

beforeAll(async () => {
  server = await startTestServer()
  await makeDecisions(server)
  // Give the figures a realistic shape (the workflow rows' times, never the ledger's):
  // decisions 2, 4 and 6 days after submission; Nissan signs 30 h after Honda's 2 h.
  const decisions = await server.db
    .selectFrom('decisions')
    .select(['proposal_id', 'created_at', 'number'])
    .execute()
  for (const d of decisions) {
    await server.db
      .updateTable('proposals')
      .set({
        submitted_at: new Date(Date.parse(d.created_at) - d.number * 48 * HOUR).toISOString(),
      })
      .where('id', '=', d.proposal_id)
      .execute()
    for (const [party, hours] of [
      ['HONDA', 2],
      ['NISSAN', 30],
    ] as const) {
      await server.db
        .updateTable('signoffs')
        .set({ created_at: new Date(Date.parse(d.created_at) + hours * HOUR).toISOString() })
        .where('proposal_id', '=', d.proposal_id)
        .where('party', '=', party)
        .execute()
    }
  }
})

afterAll(async () => {
  await server?.stop()
})

describe('the dashboard', () => {
  test('draws its charts with text alternatives and data tables', async () => {
    const user = await openBrowser(server.url)
    const { page } = user
    try {
      await page.goto('/dashboard')
      await signIn(page, 'lead@nissan.example')
      expect(await page.locator('main h1').innerText()).toBe('Dashboard')
      const charts = page.locator('svg[role="img"]')
      await expect.poll(() => charts.count()).toBe(4)

      // Every chart is named by its heading and described by a sentence with its figures.
      const described = await charts.evaluateAll((svgs) =>
        svgs.map((svg) => ({
          name: document.getElementById(svg.getAttribute('aria-labelledby') ?? '')?.textContent,
          description: document.getElementById(svg.getAttribute('aria-describedby') ?? '')
            ?.textContent,
          title: svg.querySelector('title')?.textContent,
        })),
      )
      expect(described.map((d) => d.name)).toEqual([
        'Decisions over time',
        'Proposals by state in each workstream',
        'Median time from submission to decision',
        'How long each party takes to sign off',
      ])
      for (const d of described) expect(d.title).toBe(d.name)
      expect(described[0]?.description).toMatch(/^3 decisions from /)
      expect(described[1]?.description).toContain('3 proposals in 2 workstreams, 0 of them open.')
      expect(described[1]?.description).toContain('WS-BAT Joint battery procurement: Approved 2')
      expect(described[2]?.description).toMatch(/^Half of the 3 decisions took 4 days or less/)
      expect(described[3]?.description).toContain(
        'Honda Motor Co., Ltd.: median 2 h over 3 sign-offs.',
      )
      expect(described[3]?.description).toContain(
        'Nissan Motor Co., Ltd.: median 30 h over 3 sign-offs.',
      )
      expect(described[3]?.description).toContain(
        'Nissan Motor Co., Ltd. takes longest: the partnership waits on it most.',
      )

      // The time axis speaks in the data's unit (days here), never in fractions of another.
      const timeAxis = await page
        .locator('section', { has: page.locator('#chart-time-title') })
        .locator('text.chart-tick[text-anchor="end"]')
        .allTextContents()
      expect(timeAxis.length).toBeGreaterThan(1)
      for (const tick of timeAxis) expect(tick).toMatch(/^\d+(\.\d)? d$/)

      // The same figures as a table, for those who would rather read.
      const proposals = page.locator('section', {
        has: page.locator('h2', { hasText: 'Proposals by state' }),
      })
      await proposals.locator('summary').click()
      const row = proposals.locator('tbody tr', { hasText: 'WS-BAT' })
      // A column per state, escalated last (ADR 0032).
      expect((await row.locator('td').allInnerTexts()).map(Number)).toEqual([0, 0, 0, 2, 0, 0, 0])
      const signoff = page.locator('section', { has: page.locator('h2', { hasText: 'sign off' }) })
      await signoff.locator('summary').click()
      expect(await signoff.locator('tbody tr').count()).toBe(2)
      expect(await signoff.locator('.waiting-list').innerText()).toContain(
        'Nissan Motor Co., Ltd. owes no sign-off now.',
      )

      // Key figures above the charts.
      const tiles = await page.locator('.stat-tile').allInnerTexts()
      expect(tiles[0]).toContain('3')
      expect(tiles[0]).toContain('Decisions in total')
      await expectAccessible(page, 'dashboard')
      await screenshot(page, 'dashboard')
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })

  test('holds at a phone width of 360 px', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 360, height: 740 } })
    const { page } = user
    try {
      await page.goto('/dashboard')
      await signIn(page, 'member@nissan.example')
      await expect.poll(() => page.locator('svg[role="img"]').count()).toBe(4)
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
      await expectAccessible(page, 'dashboard at 360 px')
      await screenshot(page, 'dashboard-360')
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })
})
