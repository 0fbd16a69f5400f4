// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The charter's guardrail in the editor: typing "equity swap" into a decision flags the
 * no-capital-merger constraint at once (the shared screening code runs in the browser) and says
 * what to do; submitting it anyway is refused by the server with the explanation, shown as sent.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { expectNoPageErrors, expectState, openSection } from '../helpers/proposal-ui'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

describe('the no-capital-merger guardrail', () => {
  test('flags "equity swap" as it is typed and the submission is refused with the explanation', async () => {
    const user = await openBrowser(server.url)
    const { page } = user
    try {
      await signIn(page, 'member@honda.example')
      await page.goto('/proposals/new')
      await page
        .getByLabel('Workstream')
        .selectOption({ label: 'WS-BAT — Joint battery procurement' })
      await page.getByLabel('Title', { exact: true }).fill('Fund a joint battery plant')
      await page.locator('[data-item="CON-1"]').getByLabel('No impact').check()
      await page.locator('[data-item="ST-1"]').getByLabel('No impact').check()
      const side = page.locator('.editor-side .guardrails')
      await expect.poll(() => side.innerText()).toContain('No flags')
      expect(await page.locator('.guardrail-flag').count()).toBe(0)

      // Typed key by key, as a person would: the flag is there before anything is saved.
      await page
        .getByLabel('Text', { exact: true })
        .pressSequentially('We propose an equity swap', {
          delay: 5,
        })
      const flag = side.locator('.guardrail-flag[data-item="CON-1"]')
      await flag.waitFor()
      const flagText = await flag.innerText()
      expect(flagText).toContain('Hard rule')
      expect(flagText).toContain('CON-1 No capital merger')
      expect(flagText).toContain(
        'The text mentions “equity”, a screening term of CON-1 “No capital merger”, while the impact is stated as none.',
      )
      expect(flagText).toContain('Explain why the proposal does not touch CON-1')
      expect(flagText).toContain('a decision cannot touch a constraint')
      // One place, one wording: the panel says it once, and does not also call the text clear.
      const panel = await side.innerText()
      expect(panel.split('“equity”').length - 1).toBe(1)
      expect(panel).not.toContain('No flags')
      // The row of the constraint marks the term, next to the choice it is about, and asks why.
      const row = page.locator('.impact-row[data-item="CON-1"]')
      expect(await row.getAttribute('class')).toContain('impact-row-flagged')
      expect(await row.locator('.impact-flag').innerText()).toContain('The text mentions “equity”.')
      await row.getByLabel('Why the proposal does not touch CON-1').waitFor()
      // The stance is not mentioned, so it carries no flag.
      expect(await side.locator('.guardrail-flag[data-item="ST-1"]').count()).toBe(0)
      await expectAccessible(page, 'editor with a constraint flag')
      await screenshot(page, 'guardrail-flag')

      // Saying it "touches" the constraint does not help a decision: the flag says so.
      await row.getByLabel('Touches').check()
      await row.getByLabel('How the proposal touches CON-1').fill('Each company takes a 5% stake.')
      await expect
        .poll(() => side.innerText())
        .toContain(
          'CON-1 “No capital merger” is a hard constraint: a decision cannot touch it. To change the constraint, file a charter amendment instead.',
        )
      await row.getByLabel('No impact').check()

      // Save the draft (drafts are not screened), staff it, and try to submit it.
      await page.getByRole('button', { name: 'Save draft' }).click()
      await page.waitForURL((url) => /^\/proposals\/[0-9a-f-]{36}$/.test(url.pathname))
      await expectState(page, 'Draft')
      // The draft's page shows the same finding before the author tries.
      expect(await page.locator('.readiness .guardrails').innerText()).toContain(
        'a screening term of CON-1 “No capital merger”',
      )
      await openSection(page, 'reviews')
      await page.getByRole('button', { name: 'Assign reviewers' }).click()
      // The picker says who leads: a workstream lead is told apart from a member.
      const candidate = (name: string) => page.locator('label.checkbox', { hasText: name })
      expect(await candidate('Emi Kobayashi').innerText()).toContain('Workstream lead')
      expect(await candidate('Naoki Fujita').innerText()).not.toContain('lead')
      await page.getByLabel('Naoki Fujita').check()
      await page.getByLabel('Ryo Tanaka').check()
      await page.getByRole('button', { name: 'Save reviewers' }).click()
      await expect
        .poll(() => page.locator('.readiness').innerText())
        .toContain('Every party has the reviewer the policy requires.')
      await page.getByRole('button', { name: 'Submit for review' }).click()
      const refusal = page.locator('.action-card .action-error[role="alert"]')
      await refusal.waitFor()
      const message = await refusal.innerText()
      // The server's own words: the constraint, the term, and what to do.
      expect(message).toContain(
        'The text mentions "equity", a screening term of CON-1 "No capital merger"',
      )
      expect(message).toContain('Explain why the proposal does not touch CON-1')
      expect(message).toContain('a decision cannot touch a constraint')
      await expectState(page, 'Draft')
      await expectAccessible(page, 'refused submission')
      await screenshot(page, 'guardrail-refused')

      // At a phone's width nothing runs off the side, on the proposal page or in the editor.
      await page.setViewportSize({ width: 360, height: 780 })
      const overflow = () =>
        page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(await overflow()).toBeLessThanOrEqual(0)
      await expectAccessible(page, 'proposal page at 360 px')
      await screenshot(page, 'guardrail-refused-360')
      await page.getByRole('link', { name: 'Edit draft' }).click()
      await page.locator('.editor-side .guardrail-flag[data-item="CON-1"]').waitFor()
      expect(await overflow()).toBeLessThanOrEqual(0)
      await expectAccessible(page, 'editor at 360 px')
      await screenshot(page, 'editor-360')
      await page.goto('/proposals')
      await page.locator('.proposal-row').first().waitFor()
      expect(await overflow()).toBeLessThanOrEqual(0)
      await screenshot(page, 'proposals-360')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })

  test('a hit the author explains ("no equity is involved") goes through, and reviewers read why', async () => {
    const user = await openBrowser(server.url)
    const { page } = user
    try {
      await signIn(page, 'member@honda.example')
      await page.goto('/proposals/new')
      await page
        .getByLabel('Workstream')
        .selectOption({ label: 'WS-BAT — Joint battery procurement' })
      await page
        .getByLabel('Title', { exact: true })
        .fill('Lower the acquisition cost of LFP cells')
      await page
        .getByLabel('Text', { exact: true })
        .fill('Pool both companies’ orders of LFP cells in one tender. No equity is involved.')
      const row = page.locator('.impact-row[data-item="CON-1"]')
      await row.getByLabel('No impact').check()
      await page.locator('[data-item="ST-1"]').getByLabel('No impact').check()
      const side = page.locator('.editor-side .guardrails')
      await side.locator('.guardrail-flag[data-item="CON-1"]').waitFor()
      await row
        .getByLabel('Why the proposal does not touch CON-1')
        .fill('Purchasing only: neither company takes a stake in the other.')
      await expect.poll(() => side.innerText()).toContain('Nothing stops submission')
      expect(await side.innerText()).toContain(
        'CON-1: the text mentions “equity”, “acquisition”; the impact statement answers it.',
      )
      await page.getByRole('button', { name: 'Save draft' }).click()
      await page.waitForURL(
        (url) => /^\/proposals\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'),
      )
      await expectState(page, 'Draft')
      await openSection(page, 'reviews')
      await page.getByRole('button', { name: 'Assign reviewers' }).click()
      await page.getByLabel('Naoki Fujita').check()
      await page.getByLabel('Ryo Tanaka').check()
      await page.getByRole('button', { name: 'Save reviewers' }).click()
      await expect
        .poll(() => page.locator('.readiness').innerText())
        .toContain('Every party has the reviewer the policy requires.')
      await page.getByRole('button', { name: 'Submit for review' }).click()
      await expectState(page, 'In review')
      await openSection(page, 'content')
      expect(await page.locator('.impact-summary').innerText()).toContain(
        'Why it does not touch CON-1: Purchasing only: neither company takes a stake in the other.',
      )
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })
})
