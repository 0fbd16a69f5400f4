// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * Grounded concerns in a real Chromium (issue 14, ADR 0031): a Nissan engineer raises a concern
 * on a charter item, saying what would resolve it; the form refuses it first without the item,
 * in words; the concern shows its grounds and the revision it was raised on. Once the proposal is
 * decided, the decision's page shows the grounds, what would resolve it and the resolution, in
 * English at 1366 px and in Japanese on a 390 px phone.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ja } from '../../client/src/i18n/ja'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { expectNoPageErrors, openProposal, serverWorld } from '../helpers/proposal-ui'
import { startTestServer, type TestServer } from '../helpers/server'
import { currentVersion, demoIndex, proposalInState } from '../helpers/workflow'
import { worldOf } from './decisions-setup'

const SLOW = 180_000
const REVIEWERS = ['engineer@honda.example', 'engineer@nissan.example']
const RESOLVES = 'The terms cap pooled volume at 40 GWh per year.'

let server: TestServer
let proposalId = ''

beforeAll(async () => {
  server = await startTestServer()
  const world = worldOf(server)
  const ix = await demoIndex(world)
  proposalId = (
    await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Pooled LFP volumes',
      reviewers: REVIEWERS,
    })
  ).id
}, SLOW)

afterAll(async () => {
  await server?.stop()
})

async function text(page: Page, selector: string) {
  return page.locator(selector).first().innerText()
}

describe('a grounded concern', () => {
  test(
    'is raised on a charter item with what would resolve it, and shows on the decision record in English and Japanese',
    async () => {
      const user = await openBrowser(server.url, { viewport: { width: 1366, height: 900 } })
      const { page } = user
      try {
        await signIn(page, 'engineer@nissan.example')
        await openProposal(page, proposalId, 'reviews')
        const concerns = page.locator('#concerns')
        await concerns.locator('.on-demand > button[aria-expanded="false"]').last().click()
        const form = page.locator('#concern-form')
        await form.waitFor()
        await form.getByLabel('Concern', { exact: true }).fill('Volume above 40 GWh')
        await form
          .getByLabel('Why it blocks the proposal')
          .fill('Pooling every cell we buy goes beyond the joint procurement the charter names.')
        await form.getByLabel('What would resolve it').fill(RESOLVES)
        // No charter item chosen yet: refused, in words.
        await form.locator('button[type="submit"]').click()
        await expect
          .poll(() => form.innerText())
          .toContain('Choose the charter item or policy clause the concern stands on.')
        // The picker offers the partnership's current charter items.
        await form.getByLabel('Charter item', { exact: true }).selectOption('AREA-2')
        await form
          .getByLabel('How the proposal falls short of it (optional)')
          .fill('The area is battery sharing, not all purchasing.')
        await form.locator('button[type="submit"]').click()
        const entry = concerns.locator('li.concern').first()
        await entry.waitFor()
        await expect
          .poll(() => entry.innerText())
          .toContain('Charter item AREA-2 — Battery sharing and joint procurement')
        const shown = await entry.innerText()
        expect(shown).toContain(RESOLVES)
        expect(shown).toContain('Raised on revision 1')
        await expectAccessible(page, 'grounded concern on the proposal page')
        await screenshot(page, 'grounded-concern-proposal-1366')
        expectNoPageErrors(user)
      } finally {
        await user.close()
      }

      // Through the API: answered, resolved by its raiser, reviewed and signed by both parties.
      const world = serverWorld(server)
      const raiser = await world.as('engineer@nissan.example')
      const view = await raiser.proposal.get({ proposalId })
      const concern = view.concerns[0]
      if (!concern) throw new Error('the concern was not raised')
      await raiser.proposal.resolveConcern({
        proposalId,
        expectedVersion: view.version,
        concernId: concern.id,
        resolution: 'Capped at 40 GWh in the terms.',
      })
      for (const email of REVIEWERS) {
        const caller = await world.as(email)
        await caller.proposal.review({
          proposalId,
          expectedVersion: await currentVersion(caller, proposalId),
          verdict: 'approve',
          comment: '',
        })
      }
      let decisionId: string | null = null
      for (const email of ['battery.lead@honda.example', 'battery.lead@nissan.example']) {
        const caller = await world.as(email)
        const signed = await caller.proposal.signOff({
          proposalId,
          expectedVersion: await currentVersion(caller, proposalId),
          verdict: 'approve',
          rationale: '',
        })
        decisionId = signed.decisionId ?? decisionId
      }
      if (!decisionId) throw new Error('no decision issued')

      const reader = await openBrowser(server.url, { viewport: { width: 1366, height: 900 } })
      try {
        await signIn(reader.page, 'lead@nissan.example')
        await reader.page.goto(`/decisions/${decisionId}`)
        const record = reader.page.locator('li.record-concern').first()
        await record.waitFor()
        const said = await record.innerText()
        expect(said).toContain('Charter item AREA-2 — Battery sharing and joint procurement')
        expect(said).toContain(RESOLVES)
        expect(said).toContain('Capped at 40 GWh in the terms.')
        expect(await text(reader.page, 'li.record-concern .concern-revision')).toBe(
          'Raised on revision 1',
        )
        await screenshot(reader.page, 'grounded-concern-record-1366')
        expectNoPageErrors(reader)
      } finally {
        await reader.close()
      }

      const phone = await openBrowser(server.url, {
        locale: 'ja-JP',
        timezoneId: 'Asia/Tokyo',
        viewport: { width: 390, height: 844 },
      })
      try {
        // Honda's lead reads Japanese (their account's language).
        await signIn(phone.page, 'lead@honda.example')
        await phone.page.goto(`/decisions/${decisionId}`)
        const record = phone.page.locator('li.record-concern').first()
        await record.waitFor()
        await expect.poll(() => record.innerText()).toContain(ja['concernGrounds.groundsTerm'])
        const said = await record.innerText()
        expect(said).toContain('憲章項目 AREA-2')
        expect(said).toContain(ja['concernGrounds.resolvesWhenTerm'])
        expect(said).toContain('第1版に対して提起')
        // Nothing spills sideways on a phone.
        const overflow = await phone.page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        )
        expect(overflow).toBeLessThanOrEqual(0)
        await screenshot(phone.page, 'grounded-concern-record-ja-390')
        expectNoPageErrors(phone)
      } finally {
        await phone.close()
      }
    },
    SLOW,
  )
})
