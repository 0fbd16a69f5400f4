// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The steering committee's agenda in a real Chromium (issue 14): Nissan's partnership lead finds
 * it in the navigation, reads the sign-off Nissan owes and the overdue proposal grouped by
 * workstream (1366 and 390 px screenshots), then makes a calendar feed address on the settings
 * page, copies it with the button, and the copied address serves that lead's iCalendar feed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'
import { AHEAD_YEAR, demoIndex, proposalInState } from '../helpers/workflow'
import { worldOf } from './decisions-setup'

const SLOW = 120_000
const REVIEWERS = ['engineer@honda.example', 'engineer@nissan.example']

let server: TestServer
const made = { owed: '', overdue: '' }

beforeAll(async () => {
  server = await startTestServer()
  const world = worldOf(server)
  const ix = await demoIndex(world)
  const owed = await proposalInState(world, ix, 'awaiting_signoff', {
    author: 'member@honda.example',
    title: 'Agenda e2e: pool the cathode order',
    reviewers: REVIEWERS,
    decideBy: `${AHEAD_YEAR}-06-30`,
  })
  const overdue = await proposalInState(world, ix, 'in_review', {
    author: 'member@nissan.example',
    title: 'Agenda e2e: a shared charging API',
    workstream: 'WS-SW',
    reviewers: REVIEWERS,
    decideBy: '2026-01-05',
  })
  const code = async (id: string) =>
    (await world.as('lead@nissan.example')).proposal.get({ proposalId: id }).then((p) => p.code)
  made.owed = await code(owed.id)
  made.overdue = await code(overdue.id)
}, SLOW)

afterAll(async () => {
  await server?.stop()
})

describe('the agenda and the calendar feed in Chromium', () => {
  test(
    'a lead opens the agenda from the navigation and copies the calendar address',
    async () => {
      const lead = await openBrowser(server.url, { viewport: { width: 1366, height: 900 } })
      const { page, context } = lead
      try {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
          origin: server.url,
        })
        await page.goto('/')
        await signIn(page, 'lead@nissan.example')
        await page.getByRole('navigation').getByRole('link', { name: 'Agenda' }).click()
        await page.waitForURL((url) => url.pathname === '/agenda')
        const owed = page.locator('#agenda-signoffs_owed')
        await owed.getByText('Agenda e2e: pool the cathode order').waitFor()
        expect(await owed.innerText()).toContain(made.owed)
        expect(await owed.innerText()).toContain('WS-BAT')
        const overdue = page.locator('#agenda-overdue')
        expect(await overdue.innerText()).toContain(made.overdue)
        expect(await overdue.innerText()).toContain('WS-SW')
        await expect(page.locator('#agenda-decisions_for_review').count()).resolves.toBe(1)
        await expectAccessible(page, 'the agenda')
        await screenshot(page, 'agenda-1366')

        await page.getByRole('link', { name: 'subscribe in your settings' }).click()
        await page.waitForURL((url) => url.pathname === '/account')
        await page.getByRole('button', { name: 'Make a feed address' }).click()
        const address = page.getByLabel('Your feed address')
        await address.waitFor()
        const url = await address.inputValue()
        expect(url).toMatch(new RegExp(`^${server.url}/calendar/[A-Za-z0-9_-]{43}\\.ics$`))
        await page.getByRole('button', { name: 'Copy address' }).click()
        await page.getByText('The address is copied.').waitFor()
        const copied = await page.evaluate(() => navigator.clipboard.readText())
        expect(copied).toBe(url)
        await expectAccessible(page, 'the settings page')
        await screenshot(page, 'calendar-feed-1366')
        // The copied address is the feed: no cookie needed, the lead's sign-off owed is in it.
        const feed = await fetch(copied)
        expect(feed.status).toBe(200)
        const ics = await feed.text()
        expect(ics).toContain('BEGIN:VEVENT')
        expect(ics).toContain(`DTSTART;VALUE=DATE:${AHEAD_YEAR}0630`)
        expect(ics).toContain(`${made.owed} decide by`)
        // Reset: the address shown before stops working at once.
        await page.getByRole('button', { name: 'Reset the address' }).click()
        await page.waitForFunction(
          (old) =>
            (document.querySelector('.calendar-feed-url input') as HTMLInputElement | null)
              ?.value !== old,
          url,
        )
        expect((await fetch(copied)).status).toBe(404)
        expect(lead.errors).toEqual([])
      } finally {
        await lead.close()
      }
    },
    SLOW,
  )

  test(
    'the agenda on a phone, in Japanese',
    async () => {
      const lead = await openBrowser(server.url, {
        viewport: { width: 390, height: 844 },
        locale: 'ja-JP',
      })
      const { page } = lead
      try {
        await page.goto('/agenda')
        await signIn(page, 'lead@honda.example')
        await page.locator('#agenda-signoffs_owed').getByText(made.owed).waitFor()
        await page.locator('#agenda-overdue').getByText(made.overdue).waitFor()
        // Nothing runs off the side of a phone's screen.
        const width = await page.evaluate(() => document.documentElement.scrollWidth)
        expect(width).toBeLessThanOrEqual(390)
        await screenshot(page, 'agenda-390')
        expect(lead.errors).toEqual([])
      } finally {
        await lead.close()
      }
    },
    SLOW,
  )
})
