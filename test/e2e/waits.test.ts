// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * Issue 13 in the browser: the submit checklist counts the reviewers the policy needs (an
 * amendment: two per party) and the submit button does not look ready until it is met; the
 * proposal list marks what changed since my last visit and the page says what, never counting
 * the other party's internal comments.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import {
  demoIds,
  expectNoPageErrors,
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

describe('waits and visits', () => {
  test('an amendment draft with one reviewer per party: the checklist counts two, the button is not ready, the server refuses', async () => {
    const world = serverWorld(server)
    const ix = await demoIds(world)
    const author = await world.as('member@honda.example')
    const created = await author.proposal.create({
      partnershipId: world.partnershipId,
      type: 'amendment',
      content: {
        title: 'Add Southeast Asia as a market',
        body: 'Cooperation may apply in Southeast Asia too.',
        workstreamId: ix.workstream('WS-BAT'),
        charterItemIds: [],
        impacts: ['CON-1', 'ST-1'].map((code) => ({
          itemId: ix.item(code),
          impact: 'none' as const,
          explanation: '',
        })),
        supersedes: [],
        amendment: {
          changes: [
            {
              op: 'add',
              code: 'MKT-9',
              kind: 'market',
              title: 'Southeast Asia',
              statement: 'Cooperation may apply in Southeast Asia.',
              screeningTerms: { en: [], ja: [] },
            },
          ],
        },
        decideBy: null,
      },
    })
    await author.proposal.assignReviewers({
      proposalId: created.id,
      expectedVersion: created.version,
      reviewerIds: ['engineer@honda.example', 'member@nissan.example'].map(ix.user),
    })

    const user = await openBrowser(server.url, { viewport: { width: 390, height: 844 } })
    try {
      const { page } = user
      await signIn(page, 'member@honda.example')
      await openProposal(page, created.id)
      const readiness = page.locator('.readiness')
      await expect
        .poll(() => readiness.innerText())
        .toContain(
          'Assign 2 reviewers of each party, as the policy requires for this kind of proposal (now: HONDA 1, NISSAN 1).',
        )
      const submit = page.getByRole('button', { name: 'Submit for review' })
      // Not the primary button, and it says why, pointing at the checklist.
      expect(await submit.getAttribute('class')).toBe('button')
      const note = page.locator('.submit-not-ready')
      expect(await note.innerText()).toBe(
        'Not ready to submit yet: the checklist above says what is missing.',
      )
      expect(await submit.getAttribute('aria-describedby')).toBe(await note.getAttribute('id'))
      await expectAccessible(page, 'amendment draft short of reviewers (390 px)')
      await screenshot(page, 'waits-checklist-short-390')
      // Tried anyway: the server refuses, in words that say what to do.
      await submit.click()
      await page
        .getByText(
          'The policy needs 2 reviewers of each party for this proposal; assign more before submitting (assigned now: HONDA 1, NISSAN 1).',
        )
        .waitFor()
      expect((await author.proposal.get({ proposalId: created.id })).state).toBe('draft')

      // Two of each party: the checklist is met and the button is the way on.
      const draft = await author.proposal.get({ proposalId: created.id })
      await author.proposal.assignReviewers({
        proposalId: created.id,
        expectedVersion: draft.version,
        reviewerIds: [
          'engineer@honda.example',
          'battery.lead@honda.example',
          'member@nissan.example',
          'engineer@nissan.example',
        ].map(ix.user),
      })
      await openProposal(page, created.id)
      await expect
        .poll(() => readiness.innerText())
        .toContain('Every party has the 2 reviewers the policy requires.')
      expect(await submit.getAttribute('class')).toBe('button button-primary')
      expect(await page.locator('.submit-not-ready').count()).toBe(0)
      await screenshot(page, 'waits-checklist-met-390')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })

  test('since my last visit: the list marks it, the page says what changed, and a Honda internal comment counts for nobody at Nissan', async () => {
    const world = serverWorld(server)
    const id = await submittedProposal(
      world,
      'member@honda.example',
      { title: 'Visits: shared cell test lab', body: 'One test lab for both companies.' },
      ['engineer@honda.example', 'member@nissan.example'],
    )
    const user = await openBrowser(server.url, { viewport: { width: 1366, height: 900 } })
    try {
      const { page } = user
      await signIn(page, 'member@nissan.example')
      // First visit: nothing to compare with, no box.
      await openProposal(page, id)
      expect(await page.locator('.since-last-visit').count()).toBe(0)

      // Meanwhile: Honda deliberates internally, then writes jointly; Honda's reviewer approves.
      const author = await world.as('member@honda.example')
      await author.comment.add({
        proposalId: id,
        body: 'HONDA-INTERNAL: what is our own cost target?',
        visibility: 'internal',
      })
      await author.comment.add({
        proposalId: id,
        body: 'Could Nissan host the lab?',
        visibility: 'joint',
      })
      const reviewer = await world.as('engineer@honda.example')
      await reviewer.proposal.review({
        proposalId: id,
        expectedVersion: (await reviewer.proposal.get({ proposalId: id })).version,
        verdict: 'approve',
        comment: 'Fine.',
      })

      await page.goto('/proposals')
      const row = page.locator('.proposal-row').filter({ hasText: 'Visits: shared cell test lab' })
      await expect
        .poll(() => row.locator('.changed-mark').innerText())
        .toBe('2 changes since your last visit')
      await expectAccessible(page, 'proposal list with a changed mark')
      await screenshot(page, 'waits-list-changed')

      await openProposal(page, id)
      const box = page.locator('.since-last-visit')
      await box.waitFor()
      expect(await box.getByRole('heading').innerText()).toBe('Since your last visit')
      expect(await box.locator('li').allInnerTexts()).toEqual(['1 review', '1 comment'])
      expect(await page.getByText('HONDA-INTERNAL').count()).toBe(0)
      await expectAccessible(page, 'proposal page with the since-last-visit box')
      await screenshot(page, 'waits-since-last-visit')

      // Opened: the list no longer marks it.
      await page.goto('/proposals')
      await row.waitFor()
      expect(await row.locator('.changed-mark').count()).toBe(0)
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })
})
