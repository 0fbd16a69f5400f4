// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The demo story in the browser, each person in their own Chromium profile: a Nissan member
 * drafts a battery procurement proposal and assigns a reviewer of each party; the Honda reviewer
 * requests changes; the author revises and the diff shows the change; both reviewers approve;
 * both battery workstream leads sign off ("both keys"); the decision is issued. Every page
 * passes axe-core; screenshots go to test/artifacts/.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  type BrowserUser,
  expectAccessible,
  openBrowser,
  screenshot,
  signIn,
} from '../helpers/browser'
import { expectNoPageErrors, expectState, openProposal, openSection } from '../helpers/proposal-ui'
import { startTestServer, type TestServer } from '../helpers/server'
import { AHEAD_YEAR } from '../helpers/workflow'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

const TITLE = 'Joint procurement of LFP battery cells for 2028 models'
const BODY = 'Pool both companies’ 2028 demand for LFP cells and run one tender.'
const ADDED = 'Cells go to the Ohio and Sunderland plants.'

/** Signs in as `email`, runs `steps`, checks no page error happened, and closes the browser. */
async function as(email: string, steps: (user: BrowserUser) => Promise<void>) {
  const user = await openBrowser(server.url)
  try {
    await signIn(user.page, email)
    await steps(user)
    expectNoPageErrors(user)
  } finally {
    await user.close()
  }
}

/** Records a review from the proposal's page the browser is on. */
async function writeReview(
  page: Page,
  who: string,
  verdict: 'Approve' | 'Request changes',
  comment: string,
) {
  await page.getByRole('button', { name: 'Write your review' }).click()
  const form = page.locator('#review-form')
  await form.getByLabel(verdict, { exact: true }).check()
  await form.getByLabel('Comment for the author').fill(comment)
  await form.getByRole('button', { name: 'Record review' }).click()
  await page
    .locator('#reviews')
    .getByRole('status')
    .filter({ hasText: 'Your review is recorded.' })
    .waitFor()
  await page.locator('#reviews .review').filter({ hasText: comment }).first().waitFor()
  await expectAccessible(page, `proposal after ${verdict} by ${who}`)
}

async function review(
  email: string,
  id: string,
  verdict: 'Approve' | 'Request changes',
  comment: string,
  shot?: string,
) {
  await as(email, async ({ page }) => {
    await openProposal(page, id)
    await writeReview(page, email, verdict, comment)
    if (shot) await screenshot(page, shot)
  })
}

async function signOff(email: string, id: string, shot: string) {
  await as(email, async ({ page }) => {
    await openProposal(page, id)
    await page.getByRole('button', { name: 'Sign off', exact: true }).click()
    await page
      .locator('#signoff-form')
      .getByRole('button', { name: /^Sign off for / })
      .click()
    await page.locator('.action-card').getByRole('status').filter({ hasText: 'recorded' }).waitFor()
    await expectAccessible(page, `sign-off by ${email}`)
    await screenshot(page, shot)
  })
}

describe('the demo story', () => {
  test('a battery procurement proposal goes from draft to decision D-1', async () => {
    const author = await openBrowser(server.url)
    const { page } = author
    let id = ''
    try {
      await signIn(page, 'member@nissan.example')
      // Home is the inbox: counts and groups, empty for now.
      await page.locator('.inbox-counts').waitFor()
      expect(await page.locator('.inbox-total').innerText()).toBe('Nothing waits on you right now.')
      await expectAccessible(page, 'home (inbox)')
      await screenshot(page, 'wf-home-inbox')

      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Proposals' })
        .click()
      await page.waitForURL((url) => url.pathname === '/proposals')
      await page.getByText('No proposal matches these filters.').waitFor()
      await expectAccessible(page, 'proposals list (empty)')

      await page.getByRole('link', { name: 'New proposal' }).first().click()
      await page.waitForURL((url) => url.pathname === '/proposals/new')
      await page
        .getByLabel('Workstream')
        .selectOption({ label: 'WS-BAT — Joint battery procurement' })
      // A date ahead of the real clock: the form refuses one that has passed (it was 2027-03-31).
      await page.getByLabel('Decide by (optional)').fill(`${AHEAD_YEAR}-03-31`)
      await page.getByLabel('Title', { exact: true }).fill(TITLE)
      await page.getByLabel('Text', { exact: true }).fill(BODY)
      // Until every constraint and stance has a statement, the guardrails say what is missing.
      const guardrails = page.locator('.editor-side .guardrails')
      expect(await guardrails.innerText()).toContain('State the impact on CON-1')
      await page.locator('[data-item="CON-1"]').getByLabel('No impact').check()
      await page.locator('[data-item="ST-1"]').getByLabel('No impact').check()
      await expect.poll(() => guardrails.innerText()).toContain('No flags')
      await page.getByLabel('AREA-2 Battery sharing and joint procurement').check()
      await page.getByLabel('OBJ-1 Economies of scale').check()
      // The preview renders the markdown; writing comes back with the text intact.
      await page.getByRole('button', { name: 'Preview' }).click()
      await page.locator('.editor-preview .markdown').getByText(BODY).waitFor()
      await page.getByRole('button', { name: 'Write' }).click()
      expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(BODY)
      await expectAccessible(page, 'editor (new)')
      await screenshot(page, 'wf-editor-new')
      await page.getByRole('button', { name: 'Save draft' }).click()
      await page.waitForURL((url) => /^\/proposals\/[0-9a-f-]{36}$/.test(url.pathname))
      id = new URL(page.url()).pathname.split('/')[2] as string
      await page.locator('.status-card').waitFor()
      await expectState(page, 'Draft')
      // A draft has no partnership-wide number yet: a handle only its party sees.
      expect(await page.locator('h1').innerText()).toBe(`NISSAN-DRAFT-1 ${TITLE}`)
      const readiness = page.locator('.readiness')
      expect(await readiness.innerText()).toContain('Assign a reviewer of each party')

      // Reviewers: one of each party, from the battery workstream, in the reviews section the
      // checklist links to.
      await readiness.getByRole('link', { name: /Assign a reviewer of each party/ }).click()
      await page.locator('.tab-panel[data-tab="reviews"]').waitFor()
      await page.getByRole('button', { name: 'Assign reviewers' }).click()
      await page.getByLabel('Haruka Sato').check()
      await page.getByLabel('Mei Suzuki').check()
      await page.getByRole('button', { name: 'Save reviewers' }).click()
      await expect
        .poll(() => readiness.innerText())
        .toContain('Every party has the reviewer the policy requires.')
      await expectAccessible(page, 'draft with reviewers')
      await screenshot(page, 'wf-draft')
      await page.getByRole('button', { name: 'Submit for review' }).click()
      await expectState(page, 'In review')
      // Submission gives it the partnership's first number.
      expect(await page.locator('h1').innerText()).toBe(`P-1 ${TITLE}`)
      expect(await page.locator('.waiting-on').innerText()).toBe(
        'Approving reviews from HONDA (0/1), NISSAN (0/1).',
      )

      // The Honda reviewer finds it in the inbox and asks for a change.
      await as('member@honda.example', async ({ page: honda }) => {
        const requested = honda.locator('#inbox-reviewsRequested')
        await requested.getByRole('link', { name: TITLE }).waitFor()
        expect(await honda.locator('.inbox-counts').innerText()).toMatch(
          /1\s+Reviews requested of you/,
        )
        await expectAccessible(honda, 'home with a review requested')
        await screenshot(honda, 'wf-home-review-requested')
        await requested.getByRole('link', { name: TITLE }).click()
        await honda.locator('.status-card').waitFor()
        await writeReview(
          honda,
          'the Honda reviewer',
          'Request changes',
          'Say which plants the cells go to.',
        )
      })

      // The author revises; the diff shows exactly the added line.
      await openProposal(page, id)
      expect(await page.locator('.waiting-on').innerText()).toBe(
        'The author: changes were requested by HONDA. Approving reviews from NISSAN (0/1).',
      )
      await page.getByRole('link', { name: 'Revise' }).click()
      await page.waitForURL((url) => url.pathname === `/proposals/${id}/edit`)
      const text = page.getByLabel('Text', { exact: true })
      expect(await text.inputValue()).toBe(BODY)
      await text.fill(`${BODY}\n${ADDED}`)
      await page.getByLabel('What changed in this revision').fill('Named the plants')
      await expectAccessible(page, 'editor (revise)')
      await page.getByRole('button', { name: 'Save as a new revision' }).click()
      // A new revision opens on its diff.
      await page.waitForURL(
        (url) => url.pathname === `/proposals/${id}` && url.search === '?tab=revisions',
      )
      await page.locator('.diff').waitFor()
      const added = page.locator('.diff-lines .diff-add')
      await expect.poll(() => added.count()).toBe(1)
      expect(await added.innerText()).toContain(ADDED)
      // Marked by more than colour: a "+" and, for screen readers, the word.
      expect(await added.locator('.diff-marker').innerText()).toBe('+')
      expect(await added.locator('.visually-hidden').textContent()).toBe('added: ')
      expect(await page.locator('.diff-lines .diff-del').count()).toBe(0)
      expect(await page.locator('.revision-list').innerText()).toContain('Named the plants')
      // The request for changes was on revision 1: now stale, and marked so.
      await openSection(page, 'reviews')
      expect(await page.locator('#reviews .review.stale').innerText()).toContain(
        'Stale: on revision 1',
      )
      await expectAccessible(page, 'proposal with a diff')
      await screenshot(page, 'wf-revised-diff')

      await review('member@honda.example', id, 'Approve', 'Clear now, thank you.')
      await review('engineer@nissan.example', id, 'Approve', 'Agreed.', 'wf-reviewed')

      await openProposal(page, id)
      await expectState(page, 'Awaiting sign-off')
      expect(await page.locator('.keys-summary').innerText()).toBe('0 of 2 keys turned')

      await signOff('battery.lead@honda.example', id, 'wf-signoff-first-key')
      await signOff('battery.lead@nissan.example', id, 'wf-signoff-both-keys')

      // Back with the author: approved, decision D-1, both keys turned, history in the timeline.
      await openProposal(page, id)
      await expectState(page, 'Approved')
      expect(await page.locator('.badge-decision').innerText()).toBe('Decision D-1 issued')
      expect(await page.locator('.keys-summary').innerText()).toBe('2 of 2 keys turned')
      const keys = await page.locator('.keys').innerText()
      expect(keys).toMatch(/Honda Motor Co\., Ltd\.\s+Key turned: signed off\s+by Kenji Watanabe/)
      expect(keys).toMatch(/Nissan Motor Co\., Ltd\.\s+Key turned: signed off\s+by Emi Kobayashi/)
      await openSection(page, 'history')
      const timeline = await page.locator('#timeline').innerText()
      for (const step of [
        'Draft created',
        'Reviewers assigned',
        'Submitted for review',
        'Review recorded — Request changes',
        'Revised — Revision 2',
        'Sign-off recorded',
        'Approved',
      ])
        expect(timeline).toContain(step)
      expect(await page.getByRole('heading', { name: 'What you can do' }).count()).toBe(1)
      expect(await page.locator('.action-bar').locator('button, a').count()).toBe(0)
      await expectAccessible(page, 'approved proposal')
      await screenshot(page, 'wf-approved')

      // The list shows it with its state; the register (another page) lists D-1 when it exists.
      await page.goto('/proposals?state=approved')
      const row = page.locator('.proposal-row[data-code="P-1"]')
      await row.waitFor()
      expect(await row.innerText()).toContain('Approved')
      expect(await row.innerText()).toContain('WS-BAT Joint battery procurement')
      expect(await row.innerText()).toContain('by Naoki Fujita (Nissan Motor Co., Ltd.)')
      await expectAccessible(page, 'proposals list (filtered)')
      await screenshot(page, 'wf-proposals-list')
      // The decision register lists D-1 with its title.
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Decisions' })
        .click()
      await page.waitForURL((url) => url.pathname === '/decisions')
      await page.locator('main').getByText('D-1', { exact: true }).first().waitFor()
      expect(await page.locator('main').innerText()).toContain(TITLE)
      expectNoPageErrors(author)
    } finally {
      await author.close()
    }
  })
})
