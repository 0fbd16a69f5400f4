// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * Positions and recusal in the browser (issue 14, ADR 0029): Nissan's battery lead, whose own unit
 * bids in the joint procurement, recuses from a proposal awaiting sign-off, with the reason; from
 * then on the page offers them neither sign-off nor rejection, and lists the recusal with its
 * reason. The review form offers the positions the policy offers, each with what it means.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import {
  expectNoPageErrors,
  openProposal,
  openSection,
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

const REASON = 'The module unit I lead bids as a pack assembler in this tender.'

describe('positions and recusal', () => {
  test('the review form offers the policy’s positions, each explained', async () => {
    const world = serverWorld(server)
    const id = await submittedProposal(
      world,
      'member@honda.example',
      { title: 'Pool the 2028 cell forecast', body: 'One forecast, shared quarterly.' },
      ['engineer@honda.example', 'member@nissan.example'],
    )
    const user = await openBrowser(server.url, { viewport: { width: 390, height: 844 } })
    try {
      const { page } = user
      await signIn(page, 'member@nissan.example')
      await openProposal(page, id, 'reviews')
      await page.getByRole('button', { name: 'Write your review' }).first().click()
      const form = page.locator('#review-form')
      await form.waitFor()
      const text = await form.innerText()
      for (const name of ['Approve', 'No objection', 'Abstain', 'Recuse', 'Request changes'])
        expect(text).toContain(name)
      expect(text).toContain('Counts toward the approvals for this type of proposal.')
      // Abstaining needs a reason: the button waits for one.
      await form.getByLabel(/^Abstain/).check()
      const record = form.getByRole('button', { name: 'Record review' })
      expect(await record.isDisabled()).toBe(true)
      await form.getByLabel('Reason (on the record)').fill('I scored a rival bid last year.')
      expect(await record.isDisabled()).toBe(false)
      await screenshot(page, 'positions-review-form-390')
      await expectAccessible(page, 'review form with positions')
      await record.click()
      await expect
        .poll(() => page.locator('#reviews .entry-list').first().innerText())
        .toContain('I scored a rival bid last year.')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })

  test('a lead whose unit bids recuses, and is then offered neither sign-off nor rejection', async () => {
    const world = serverWorld(server)
    const id = await submittedProposal(
      world,
      'member@honda.example',
      {
        title: 'One joint tender for pack assembly',
        body: 'Both companies tender pack assembly for 2028 together.',
      },
      ['engineer@honda.example', 'member@nissan.example'],
    )
    for (const email of ['engineer@honda.example', 'member@nissan.example']) {
      const reviewer = await world.as(email)
      const { version } = await reviewer.proposal.get({ proposalId: id })
      await reviewer.proposal.review({
        proposalId: id,
        expectedVersion: version,
        verdict: 'approve',
        comment: '',
      })
    }
    const user = await openBrowser(server.url, { viewport: { width: 1366, height: 900 } })
    try {
      const { page } = user
      await signIn(page, 'battery.lead@nissan.example')
      await openProposal(page, id)
      const signOff = page.getByRole('button', { name: 'Sign off', exact: true })
      const reject = page.getByRole('button', { name: 'Reject', exact: true })
      expect(await signOff.count()).toBe(1)
      expect(await reject.count()).toBe(1)
      await openSection(page, 'reviews')
      await page.getByRole('button', { name: 'Recuse myself' }).click()
      const form = page.locator('#recuse-form')
      await form.waitFor()
      expect(await form.innerText()).toContain('This cannot be undone.')
      const submit = form.getByRole('button', { name: 'Recuse', exact: true })
      expect(await submit.isDisabled()).toBe(true)
      await form.getByLabel('The conflict of interest').fill(REASON)
      await submit.click()
      await expect.poll(() => page.locator('#recusals').innerText()).toContain(REASON)
      expect(await page.locator('#recusals').innerText()).toContain(
        'You recused yourself from this proposal',
      )
      // Neither sign-off nor rejection is offered any more, nor a second recusal.
      await expect.poll(() => signOff.count()).toBe(0)
      expect(await reject.count()).toBe(0)
      expect(await page.getByRole('button', { name: 'Recuse myself' }).count()).toBe(0)
      await screenshot(page, 'recusal-lead-1366')
      await expectAccessible(page, 'proposal page after a recusal')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
    // The other party sees the recusal and its reason, on a phone.
    const honda = await openBrowser(server.url, { viewport: { width: 390, height: 844 } })
    try {
      const { page } = honda
      await signIn(page, 'member@honda.example')
      await openProposal(page, id, 'reviews')
      await expect.poll(() => page.locator('#recusals').innerText()).toContain(REASON)
      await screenshot(page, 'recusal-seen-by-honda-390')
      expectNoPageErrors(honda)
    } finally {
      await honda.close()
    }
  })
})
