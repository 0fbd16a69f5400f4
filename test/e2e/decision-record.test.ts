// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The decision page is the record, in a real Chromium (issue 14). Honda's lead signs in through
 * Honda's own OpenID Connect provider (a real oidc-provider on a local port) and turns Honda's key
 * in the browser; Nissan's lead signed with a password. The decision's page then shows the decided
 * text (the final revision, rendered), both sign-offs with how each signer authenticated, the
 * reviews and the concern with its resolution; it prints without navigation. On the proposal
 * page, "Sign off" is not offered once one's party has signed, a sign-off made stale by a revision
 * says so, and a rejection shows its reason up front.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ja } from '../../client/src/i18n/ja'
import { callerFor, contextFor } from '../helpers/api'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestProvider, type TestProvider } from '../helpers/oidc'
import { openSection } from '../helpers/proposal-ui'
import { startTestServer, type TestServer } from '../helpers/server'
import { currentVersion, demoIndex, proposalInState } from '../helpers/workflow'
import { worldOf } from './decisions-setup'

// A round trip through a provider takes several page loads on a shared machine.
const SLOW = 180_000
const REVIEWERS = ['engineer@honda.example', 'engineer@nissan.example']
const BODY = '## Scope\n\nPool the **LFP cell** tender for 2027, capped at *40 GWh*.'

let server: TestServer
let honda: TestProvider
/** proposal ids by what they are for */
const made: Record<'signed' | 'ownSigned' | 'stale' | 'rejected', string> = {
  signed: '',
  ownSigned: '',
  stale: '',
  rejected: '',
}

async function as(email: string) {
  return callerFor(await contextFor(server.db, email))
}

beforeAll(async () => {
  server = await startTestServer()
  honda = await startTestProvider({
    name: 'honda',
    redirectUris: [`${server.url}/auth/oidc/callback`],
    accounts: [
      { id: 'hana', email: 'hana.sato@honda.example', name: 'Hana Sato', groups: ['leads'] },
    ],
  })
  // Honda's admin connects Honda's provider; a second person of Honda confirms the mapping.
  const admin = await as('admin@honda.example')
  await admin.sso.configure({
    partyCode: 'HONDA',
    issuer: honda.issuer,
    clientId: honda.clientId,
    clientSecret: honda.clientSecret,
    groupClaim: 'groups',
    passwordSignIn: true,
  })
  const { changeId } = await admin.sso.requestMapping({
    partyCode: 'HONDA',
    mapping: [{ group: 'leads', partnershipId: server.partnershipId, role: 'partnership_lead' }],
  })
  await (await as('lead@honda.example')).sso.confirmMapping({ changeId })

  const world = worldOf(server)
  const ix = await demoIndex(world)
  // Awaits Honda's key; Nissan's lead signed it with a password, with a concern resolved on the way.
  made.signed = (
    await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@nissan.example',
      title: 'Joint LFP cell tender',
      body: BODY,
      reviewers: REVIEWERS,
      concernBy: 'engineer@honda.example',
    })
  ).id
  const nissanLead = await as('battery.lead@nissan.example')
  await nissanLead.proposal.signOff({
    proposalId: made.signed,
    expectedVersion: await currentVersion(nissanLead, made.signed),
    verdict: 'approve',
    rationale: 'Nissan agrees to the capped tender.',
  })

  // Honda has signed: no other Honda lead is offered a sign-off.
  made.ownSigned = (
    await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@nissan.example',
      title: 'Shared test track schedule',
      reviewers: REVIEWERS,
    })
  ).id
  const hondaLead = await as('battery.lead@honda.example')
  await hondaLead.proposal.signOff({
    proposalId: made.ownSigned,
    expectedVersion: await currentVersion(hondaLead, made.ownSigned),
    verdict: 'approve',
    rationale: '',
  })

  // Honda signed revision 1; the author revised it and the reviewers approved revision 2.
  made.stale = (
    await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@nissan.example',
      title: 'Common charging connector',
      reviewers: REVIEWERS,
    })
  ).id
  await hondaLead.proposal.signOff({
    proposalId: made.stale,
    expectedVersion: await currentVersion(hondaLead, made.stale),
    verdict: 'approve',
    rationale: '',
  })
  const author = await as('member@nissan.example')
  const draft = await author.proposal.get({ proposalId: made.stale })
  let version = (
    await author.proposal.revise({
      proposalId: made.stale,
      expectedVersion: draft.version,
      content: { ...draft.revision, body: 'Adds the 2028 variant.' },
      note: 'Adds the 2028 variant.',
    })
  ).version
  for (const reviewer of REVIEWERS) {
    version = (
      await (
        await as(reviewer)
      ).proposal.review({
        proposalId: made.stale,
        expectedVersion: version,
        verdict: 'approve',
        comment: '',
      })
    ).version
  }

  made.rejected = (
    await proposalInState(world, ix, 'rejected', {
      author: 'member@honda.example',
      title: 'Merge the dealer networks',
      reviewers: REVIEWERS,
      rejecter: 'lead@nissan.example',
    })
  ).id
}, SLOW)

afterAll(async () => {
  await honda?.stop()
  await server?.stop()
})

/** Signs in through Honda's provider (another site: any password for a known login). */
async function signInWithHonda(page: Page, login: string) {
  await page.goto('/sign-in')
  await page.getByRole('link', { name: 'Sign in with Honda Motor Co., Ltd.' }).click()
  await page.waitForURL((url) => url.href.startsWith(honda.issuer))
  await page.locator('input[name="login"]').fill(login)
  await page.locator('input[name="password"]').fill('provider password')
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => url.href.startsWith(server.url))
}

/**
 * Console and page errors on Concord's own pages. The provider's development pages (a favicon
 * that is not there, a web font from the internet) are another site's and not counted; refused
 * API calls are part of the flows, as in test/helpers/browser.ts.
 */
function concordErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => {
    if (page.url().startsWith(server.url)) errors.push(`pageerror: ${error.message}`)
  })
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const at = message.location().url || page.url()
    if (!at.startsWith(server.url)) return
    if (/status of 4\d\d/.test(message.text()) && at.includes('/trpc/')) return
    errors.push(`console: ${message.text()}`)
  })
  return errors
}

/** Whether the page's width holds (no sideways scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

describe('the decision record', () => {
  test(
    "a lead signs through her party's provider; the decision page shows the decided text and both authentications",
    async () => {
      const hana = await openBrowser(server.url, { viewport: { width: 1366, height: 900 } })
      const { page } = hana
      const errors = concordErrors(page)
      try {
        await signInWithHonda(page, 'hana')
        await page.locator('.account-name', { hasText: 'Hana Sato' }).waitFor()
        await page.goto(`/proposals/${made.signed}`)
        await page.locator('#signoff-heading').waitFor()
        await page.getByRole('button', { name: 'Sign off', exact: true }).click()
        await page.getByRole('button', { name: 'Sign off for Honda Motor Co., Ltd.' }).click()
        await page.getByText('Your party’s sign-off is recorded.').waitFor()
        const link = page.getByRole('link', { name: /^Open D-\d+$/ })
        await link.waitFor()
        await link.click()
        await page.locator('#decision-text').waitFor()

        // The decided text, rendered: a heading and emphasis from the markdown, not raw asterisks.
        expect(await page.locator('#decision-text').innerText()).toBe(
          'What was decided: the text of revision 1',
        )
        const body = page.locator('.decision-body')
        await body.locator('h2', { hasText: 'Scope' }).waitFor()
        expect(await body.locator('strong').innerText()).toBe('LFP cell')
        expect(await body.innerText()).not.toContain('**')
        expect(await page.locator('.record-impacts').innerText()).toContain('CON-1')

        // Both sign-offs, each with its signer, time, rationale and how the signer authenticated.
        const signoffs = page.locator('.signoff-list')
        const hondaKey = signoffs.locator('li', { hasText: 'Honda Motor Co., Ltd.' })
        const nissanKey = signoffs.locator('li', { hasText: 'Nissan Motor Co., Ltd.' })
        expect(await hondaKey.innerText()).toContain('Hana Sato')
        expect(await hondaKey.locator('.signer-auth').innerText()).toContain(
          `identity confirmed through the party’s sign-in ${honda.issuer}`,
        )
        expect(await nissanKey.innerText()).toContain('Emi Kobayashi')
        expect(await nissanKey.locator('.signer-auth').innerText()).toContain(
          'identity confirmed by password',
        )
        expect(await nissanKey.locator('.signoff-rationale').innerText()).toBe(
          '“Nissan agrees to the capped tender.”',
        )
        expect(await signoffs.locator('.signoff-done').count()).toBe(2)

        // The facts: the charter version judged by; the reviews and the concern with its resolution.
        expect(await page.locator('.facts').innerText()).toMatch(
          /Judged by the charter\s+Version \d+/,
        )
        const reviews = page.locator('section[aria-labelledby="decision-reviews"]')
        expect(await reviews.locator('h2').innerText()).toBe('Reviews (2)')
        expect(await reviews.locator('.verdict-approve').count()).toBe(2)
        const concerns = page.locator('section[aria-labelledby="decision-concerns"]')
        expect(await concerns.innerText()).toContain('Open question')
        expect(await concerns.innerText()).toContain('Answered in the thread.')
        expect(await concerns.locator('.concern-badge-resolved').count()).toBe(1)

        await expectAccessible(page, 'decision record')
        expect(await overflow(page)).toBeLessThanOrEqual(0)
        await screenshot(page, 'decision-record-1366')

        // The record as a PDF made on the server, in Japanese: a real PDF file is saved.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'PDF (日本語)' }).click(),
        ])
        expect(download.suggestedFilename()).toMatch(/^D-\d+-record-ja\.pdf$/)
        const saved = readFileSync((await download.path()) as string)
        expect(saved.subarray(0, 5).toString('latin1')).toBe('%PDF-')
        await page.getByText(`Downloaded ${download.suggestedFilename()}.`).waitFor()

        // Printed: no navigation, no buttons, the record alone.
        await page.emulateMedia({ media: 'print' })
        expect(await page.locator('.site-header').isVisible()).toBe(false)
        expect(await page.locator('.back-link').isVisible()).toBe(false)
        expect(await page.getByRole('button', { name: 'Print this record' }).isVisible()).toBe(
          false,
        )
        expect(await page.locator('#decision-text').isVisible()).toBe(true)
        await screenshot(page, 'decision-record-print')
        await page.emulateMedia({ media: 'screen' })
        expect(errors).toEqual([])
      } finally {
        await hana.close()
      }
    },
    SLOW,
  )

  test('holds at 390 px, with the same record', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 390, height: 844 } })
    const { page } = user
    try {
      const decision = await server.db
        .selectFrom('decisions')
        .select('id')
        .where('proposal_id', '=', made.signed)
        .executeTakeFirstOrThrow()
      await page.goto(`/decisions/${decision.id}`)
      await signIn(page, 'member@honda.example')
      await page.locator('#decision-text').waitFor()
      await page.locator('.decision-body strong').waitFor()
      expect(await page.locator('.signoff-list .signer-auth').count()).toBe(2)
      expect(await overflow(page)).toBeLessThanOrEqual(0)
      await expectAccessible(page, 'decision record at 390 px')
      await screenshot(page, 'decision-record-390')
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })

  test('never offers a sign-off that must fail; a stale sign-off and a rejection say so', async () => {
    const lead = await openBrowser(server.url, { viewport: { width: 1366, height: 900 } })
    const { page } = lead
    try {
      await page.goto(`/proposals/${made.ownSigned}`)
      await signIn(page, 'lead@honda.example')
      // Takeshi Mori reads Concord in Japanese (his preference in the demo).
      const panel = page.locator('#signoffs')
      await panel.locator('.key-approved', { hasText: '本田技研工業株式会社' }).waitFor()
      await panel.getByText('本田技研工業株式会社は第1版にサインオフしました。').waitFor()
      expect(await page.locator('#signoff-form').count()).toBe(0)
      await expectAccessible(page, 'proposal signed by my party')
      await screenshot(page, 'proposal-own-party-signed-1366')

      // Honda's sign-off of revision 1 is stale after revision 2: it says so, and Honda may sign again.
      await page.goto(`/proposals/${made.stale}`)
      const stale = page.locator('#signoffs .key-stale', { hasText: '本田技研工業株式会社' })
      await stale.waitFor()
      expect(await stale.innerText()).toContain('第1版へのサインオフは失効。第2版は未サインオフ')
      expect(await stale.innerText()).toContain('Kenji Watanabe')
      await page
        .locator('.action-card')
        .getByRole('button', { name: ja['proposal.action.signOff'], exact: true })
        .waitFor()
      // Reviews of revision 1 are stale and not a green "Approve".
      await openSection(page, 'reviews')
      const staleReviews = page.locator('#reviews .review.stale')
      expect(await staleReviews.count()).toBe(2)
      expect(await staleReviews.locator('.verdict-approve').count()).toBe(0)
      expect(await staleReviews.locator('.verdict-stale').count()).toBe(2)
      expect(await page.locator('#reviews .review:not(.stale) .verdict-approve').count()).toBe(2)
      await expectAccessible(page, 'proposal with a stale sign-off')
      await screenshot(page, 'proposal-stale-signoff-1366')

      // A rejection's reason stands on the page, not folded away.
      await page.goto(`/proposals/${made.rejected}`)
      const rejection = page.locator('.rejection')
      await rejection.waitFor()
      expect(await rejection.isVisible()).toBe(true)
      expect(await rejection.innerText()).toContain('日産自動車株式会社のRina Nakamuraが却下')
      expect(await rejection.innerText()).toContain('Not now.')
      await expectAccessible(page, 'rejected proposal')
      await screenshot(page, 'proposal-rejected-1366')
      expect(lead.errors).toEqual([])
    } finally {
      await lead.close()
    }
  })

  test('at 390 px the sign-off panel and the rejection hold', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 390, height: 844 } })
    const { page } = user
    try {
      await page.goto(`/proposals/${made.rejected}`)
      await signIn(page, 'member@nissan.example')
      await page.locator('.rejection').waitFor()
      expect(await overflow(page)).toBeLessThanOrEqual(0)
      await screenshot(page, 'proposal-rejected-390')
      await page.goto(`/proposals/${made.stale}`)
      await page.locator('#signoffs .key-stale').waitFor()
      expect(await overflow(page)).toBeLessThanOrEqual(0)
      await screenshot(page, 'proposal-stale-signoff-390')
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })
})
