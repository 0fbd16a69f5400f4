// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads, not DOM innerText
/**
 * The two-person rule in the browser (ADR 0010): Honda's admin asks for a partnership lead, the
 * role waits; Honda's partnership lead confirms it on the Administration page, entering their
 * password again because their sign-in is older than five minutes; the roster shows who asked
 * and who confirmed, to Nissan's people too.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { expectAccessible, openBrowser, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

test('a power role waits for a second person, who confirms it after signing in again', async () => {
  const admin = await openBrowser(server.url)
  const lead = await openBrowser(server.url)
  const other = await openBrowser(server.url)
  try {
    await admin.page.goto('/admin')
    await signIn(admin.page, 'admin@honda.example')
    await admin.page.getByLabel('Search by name or email').fill('member@honda')
    const row = admin.page.locator('.user-row', { hasText: 'member@honda.example' })
    await row.waitFor()
    await admin.page.waitForFunction(() => document.querySelectorAll('.user-row').length === 1)
    const name = (await row.locator('.user-name, strong').first().innerText()).trim()
    await row.getByRole('button', { name: /^Manage / }).click()
    await row.getByRole('checkbox', { name: 'Partnership lead' }).check()
    await row.getByRole('button', { name: 'Save roles' }).click()
    await row
      .getByText('Waiting for a second person of your party to confirm: Partnership lead.')
      .waitFor()
    // Still only a member.
    expect(await row.locator('.tag-list').innerText()).not.toContain('Partnership lead')

    // Honda's partnership lead (who reads Japanese), signed in more than five minutes ago.
    await lead.page.goto('/admin')
    await signIn(lead.page, 'lead@honda.example')
    const leadId = (
      await server.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'lead@honda.example')
        .executeTakeFirstOrThrow()
    ).id
    await server.db
      .updateTable('sessions')
      .set({ authenticated_at: new Date(Date.now() - 600_000).toISOString() })
      .where('user_id', '=', leadId)
      .execute()
    const grants = lead.page.locator('section', {
      has: lead.page.getByRole('heading', { name: '2人目の確認待ちの権限付与' }),
    })
    await grants.getByText(new RegExp(`${name}へのパートナーシップリード`)).waitFor()
    await grants.getByRole('button', { name: '確認する' }).click()
    await grants.getByLabel('パスワード', { exact: true }).fill('wrong password')
    await grants.getByRole('button', { name: '本人であることを確認' }).click()
    await grants.locator('.form-error').waitFor()
    // A wrong password did not sign the lead out.
    expect(new URL(lead.page.url()).pathname).toBe('/admin')
    await grants.getByLabel('パスワード', { exact: true }).fill('concord-demo-2026')
    await grants.getByRole('button', { name: '本人であることを確認' }).click()
    await grants.getByText(`確認しました。${name}の役割が有効になりました。`).waitFor()
    await grants.getByText('確認待ちの付与はありません。').waitFor()
    await expectAccessible(lead.page, 'grants confirmed')

    // Nissan's people see the new signer, who asked and who confirmed.
    await other.page.goto('/admin')
    await signIn(other.page, 'lead@nissan.example')
    const roster = other.page.locator('section', {
      has: other.page.getByRole('heading', { name: 'Who holds power' }),
    })
    const entry = roster.locator('tr', { hasText: name }).filter({ hasText: 'Partnership lead' })
    await entry.waitFor()
    expect(await entry.innerText()).toContain('Takeshi Mori')
    expect(await roster.innerText()).not.toContain('@')

    expect(admin.errors).toEqual([])
    expect(lead.errors).toEqual([])
    expect(other.errors).toEqual([])
  } finally {
    await admin.close()
    await lead.close()
    await other.close()
  }
})
