// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The decision register in a real Chromium: decisions made through the API in the setup are
 * listed with their sign-offs and links, the filters narrow the list, a superseded decision links
 * both ways, and the register downloads as CSV and JSON.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'
import { type MadeDecisions, makeDecisions } from './decisions-setup'

let server: TestServer
let made: MadeDecisions

beforeAll(async () => {
  server = await startTestServer()
  made = await makeDecisions(server)
})

afterAll(async () => {
  await server?.stop()
})

const rows = (page: Page) => page.locator('.decision-row')

async function titles(page: Page): Promise<string[]> {
  return (await rows(page).locator('h2').allInnerTexts()).map((t) => t.trim())
}

describe('the decision register', () => {
  test('lists, filters, links and exports the decisions', async () => {
    const user = await openBrowser(server.url)
    const { page } = user
    try {
      await page.goto('/decisions')
      await signIn(page, 'member@honda.example')
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Decisions' })
        .waitFor()
      expect(await page.locator('main h1').innerText()).toBe('Decision register')
      await rows(page).first().waitFor()
      expect(await titles(page)).toEqual([
        'Revised cell supplier shortlist',
        'Shared vehicle OS roadmap',
        'Battery cell supplier shortlist',
      ])

      // The superseded decision says so and links to its successor, and the successor back.
      const old = rows(page)
        .filter({ hasText: 'Battery cell supplier shortlist' })
        .filter({ hasNotText: 'Revised' })
      expect(await old.locator('.badge-decision-superseded').innerText()).toBe('Superseded')
      const oldCode = made.codes['Battery cell supplier shortlist'] as string
      const newCode = made.codes['Revised cell supplier shortlist'] as string
      expect(await old.locator('.succession').innerText()).toContain(`Superseded by ${newCode}`)
      const successor = rows(page).filter({ hasText: 'Revised cell supplier shortlist' })
      expect(await successor.locator('.succession').innerText()).toContain(`Supersedes ${oldCode}`)
      expect(await successor.locator('.badge-decision-active').innerText()).toBe('Active')
      // Its proposal, workstream, both parties' sign-offs and the charter links.
      const proposalLink = successor.getByRole('link', { name: /^From P-\d+, revision 1$/ })
      expect(await proposalLink.getAttribute('href')).toBe(
        `/proposals/${made.proposals['Revised cell supplier shortlist']}`,
      )
      const signoffs = await successor.locator('.signoff-list').innerText()
      expect(signoffs).toMatch(/Honda Motor Co\., Ltd\.\s+Kenji Watanabe/)
      expect(signoffs).toMatch(/Nissan Motor Co\., Ltd\.\s+Emi Kobayashi/)
      expect(await successor.locator('.signoff-done').count()).toBe(2)
      expect(await successor.innerText()).toContain('AREA-2')
      expect(await successor.innerText()).toContain('WS-BAT')
      await expectAccessible(page, 'decision register')
      await screenshot(page, 'decisions')

      // Filters: status, workstream, charter item; each lands in the address.
      await page.getByLabel('Status').selectOption('superseded')
      await page.waitForURL((url) => url.searchParams.get('status') === 'superseded')
      await expect.poll(() => titles(page)).toEqual(['Battery cell supplier shortlist'])
      await page.getByLabel('Status').selectOption('active')
      await expect
        .poll(() => titles(page))
        .toEqual(['Revised cell supplier shortlist', 'Shared vehicle OS roadmap'])
      await page.getByLabel('Status').selectOption('')
      await page
        .getByLabel('Workstream')
        .selectOption({ label: 'WS-SW · Shared software platform' })
      await expect.poll(() => titles(page)).toEqual(['Shared vehicle OS roadmap'])
      await page.getByRole('button', { name: 'Clear filters' }).click()
      await page.getByLabel('Charter item').selectOption({ label: 'OBJ-1 · Economies of scale' })
      await expect.poll(() => titles(page)).toEqual(['Battery cell supplier shortlist'])
      await page.getByLabel('Charter item').selectOption({ label: 'MKT-2 · Europe' })
      await page.getByText('No decisions match these filters.').waitFor()
      await expectAccessible(page, 'decision register, nothing matches')
      await page.getByRole('button', { name: 'Clear filters' }).click()
      await expect.poll(async () => (await titles(page)).length).toBe(3)

      // Exports download as files.
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download CSV' }).click(),
      ])
      expect(csv.suggestedFilename()).toBe('decision-register.csv')
      const csvText = readFileSync((await csv.path()) as string, 'utf8')
      expect(csvText.split('\r\n')[0]).toContain('code,title,status')
      expect(csvText).toContain(`"${oldCode}","Battery cell supplier shortlist","superseded"`)
      expect(csvText).toContain(`"${newCode}"`)
      await page.getByText('Downloaded decision-register.csv.').waitFor()
      const [json] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download JSON' }).click(),
      ])
      expect(json.suggestedFilename()).toBe('decision-register.json')
      const register = JSON.parse(readFileSync((await json.path()) as string, 'utf8')) as {
        code: string
        status: string
      }[]
      expect(register.map((d) => d.code).sort()).toEqual(Object.values(made.codes).sort())

      // One decision's page: the facts, both keys, links both ways.
      await successor.getByRole('link', { name: 'Revised cell supplier shortlist' }).click()
      await page.waitForURL(`**/decisions/${made.decisions['Revised cell supplier shortlist']}`)
      await page.locator('#decision-facts').waitFor()
      expect(await page.locator('main h1').innerText()).toBe(
        `${newCode} · Revised cell supplier shortlist`,
      )
      const facts = await page.locator('.facts').innerText()
      expect(facts).toContain('Revision 1')
      expect(facts).toContain('WS-BAT')
      expect(await page.locator('.signoff-rationale').allInnerTexts()).toEqual([
        '“Agreed for our party.”',
        '“Agreed for our party.”',
      ])
      await expectAccessible(page, 'decision page')
      await screenshot(page, 'decision')
      await page.locator('.facts').getByRole('link', { name: oldCode }).click()
      await page.waitForURL(`**/decisions/${made.decisions['Battery cell supplier shortlist']}`)
      await page.locator('.notice-warning').waitFor()
      expect(await page.locator('.notice-warning').innerText()).toContain(newCode)

      // The workstream's page lists its decisions and proposals too.
      await page
        .locator('.facts')
        .getByRole('link', { name: /WS-BAT/ })
        .click()
      await page.locator('#ws-decisions').waitFor()
      const work = page.locator('section[aria-labelledby="ws-decisions"]')
      await work.getByRole('link', { name: /Revised cell supplier shortlist/ }).waitFor()
      expect(await work.innerText()).toContain(newCode)
      const proposals = page.locator('section[aria-labelledby="ws-proposals"]')
      await proposals.getByRole('link', { name: /Battery cell supplier shortlist/ }).waitFor()
      await expectAccessible(page, 'workstream with its work')

      // A decision that does not exist.
      await page.goto('/decisions/00000000-0000-4000-8000-000000000000')
      await page.getByText('There is no such decision in your partnerships.').waitFor()

      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })

  test('holds at a phone width of 360 px', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 360, height: 740 } })
    const { page } = user
    try {
      await page.goto('/decisions')
      await signIn(page, 'lead@nissan.example')
      await rows(page).first().waitFor()
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
      await screenshot(page, 'decisions-360')
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })
})
