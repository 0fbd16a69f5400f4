// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads, not DOM innerText
/**
 * Delegation in the browser (ADR 0030): Honda's partnership lead lets Aiko Ito sign for him
 * (on the Workstreams page, in Japanese), Honda's admin approves it as the second person, Aiko
 * Ito signs off a proposal "for Takeshi Mori", and both parties' pages say so.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'
import { demoIndex, proposalInState } from '../helpers/workflow'
import { worldOf } from './decisions-setup'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

test('a delegate signs off for the lead, and the page shows "Aiko Ito for Takeshi Mori"', async () => {
  const world = worldOf(server)
  const ix = await demoIndex(world)
  const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
    author: 'member@honda.example',
    title: 'Second source for LFP cells',
    reviewers: ['engineer@nissan.example', 'engineer@honda.example'],
  })
  const lead = await openBrowser(server.url)
  const admin = await openBrowser(server.url)
  const delegate = await openBrowser(server.url)
  const other = await openBrowser(server.url, { viewport: { width: 390, height: 844 } })
  try {
    // Takeshi Mori (who reads Japanese) asks to let Aiko Ito sign for him.
    await lead.page.goto('/workstreams')
    await signIn(lead.page, 'lead@honda.example')
    const mine = lead.page.locator('section#delegations')
    await mine.getByRole('heading', { name: '署名の委任' }).waitFor()
    await mine.getByText('代理で署名する人はいません。').waitFor()
    await mine.getByLabel('代理人').selectOption({ label: 'Aiko Ito' })
    await mine.getByLabel('初日').fill(day(0))
    await mine.getByLabel('最終日').fill(day(14))
    await mine.getByLabel('理由（両社に表示されます）').fill('ジュネーブ出張のため')
    await mine.getByRole('button', { name: '承認を依頼する' }).click()
    await mine
      .getByText('依頼しました。Aiko Itoへの委任には自社のもう一人の承認が必要です。')
      .waitFor()
    const pendingRow = mine.locator('tr[data-state="pending"]')
    await pendingRow.getByText('Aiko ItoがTakeshi Moriの代理で署名').waitFor()
    // He cannot approve his own delegation: no button offers it.
    expect(await pendingRow.getByRole('button', { name: '承認する' }).count()).toBe(0)

    // Until it is approved, Aiko Ito is offered nothing on the proposal.
    await delegate.page.goto(`/proposals/${id}`)
    await signIn(delegate.page, 'software.lead@honda.example')
    await delegate.page.getByRole('heading', { name: 'What you can do' }).waitFor()
    expect(
      await delegate.page.getByRole('button', { name: /on behalf of Takeshi Mori/ }).count(),
    ).toBe(0)

    // Honda's admin, the second person, approves.
    await admin.page.goto('/admin')
    await signIn(admin.page, 'admin@honda.example')
    const section = admin.page.locator('section#delegations')
    const row = section.locator('tr[data-state="pending"]', {
      hasText: 'Aiko Ito signs for Takeshi Mori',
    })
    await row.getByRole('button', { name: 'Approve' }).click()
    await section.getByText('Approved: Aiko Ito may sign in the days given.').waitFor()
    await section.locator('tr[data-state="active"]', { hasText: 'In force' }).waitFor()

    // Aiko Ito, a lead of another workstream, signs this one for Takeshi Mori.
    await delegate.page.reload()
    const offer = delegate.page.getByRole('button', { name: /on behalf of Takeshi Mori$/ })
    await offer.click()
    await delegate.page
      .getByLabel('Note with your sign-off (optional)')
      .fill('Signed while Takeshi Mori is in Geneva.')
    await delegate.page
      .locator('#delegate-signoff-form')
      .getByRole('button', { name: /on behalf of Takeshi Mori$/ })
      .click()
    const hondaKey = delegate.page.locator('.key[data-party="HONDA"]')
    await hondaKey.getByText(/by Aiko Ito for Takeshi Mori/).waitFor()
    expect(await hondaKey.innerText()).toContain('Aiko Ito for Takeshi Mori')
    await expectAccessible(delegate.page, 'signed by a delegate')
    await screenshot(delegate.page, 'delegation-signed-1366')

    // Nissan's lead, on a phone, sees the same: who signed, and for whom.
    await other.page.goto(`/proposals/${id}`)
    await signIn(other.page, 'lead@nissan.example')
    const key = other.page.locator('.key[data-party="HONDA"]')
    await key.getByText(/by Aiko Ito for Takeshi Mori/).waitFor()
    await screenshot(other.page, 'delegation-signed-390')
    // The history says it too.
    await other.page.getByRole('tab', { name: 'History' }).click()
    await other.page
      .locator('.timeline-event', { hasText: 'Sign-off recorded' })
      .getByText(/Aiko Ito for Takeshi Mori/)
      .waitFor()
    // … and the delegation itself, on the Workstreams page.
    await other.page.goto('/workstreams')
    await other.page
      .locator('section#delegations tr[data-state="active"]', {
        hasText: 'Aiko Ito signs for Takeshi Mori',
      })
      .waitFor()
    expect(
      await other.page
        .locator('section#delegations')
        .getByRole('button', { name: 'Revoke' })
        .count(),
    ).toBe(0)
    await screenshot(other.page, 'delegation-list-390')

    for (const b of [lead, admin, delegate, other]) expect(b.errors).toEqual([])
  } finally {
    await Promise.all([lead.close(), admin.close(), delegate.close(), other.close()])
  }
}, 120_000)
