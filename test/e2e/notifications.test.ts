// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The bell in the browser: a reviewer asked to review sees an unread count in the header, opens
 * the list, reads what waits on them in words, and opening the item marks it read.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createEmailChannel } from '../../server/notify/email'
import { startDeliveryWorker } from '../../server/notify/outbox'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startMailServer } from '../helpers/mail'
import { expectNoPageErrors, serverWorld, submittedProposal } from '../helpers/proposal-ui'
import { E2E_NOTIFY_SECRET, startTestServer, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

describe('notifications', () => {
  test('the bell shows the unread count, the list opens, and opening an item marks it read', async () => {
    const id = await submittedProposal(
      serverWorld(server),
      'member@nissan.example',
      { title: 'Shared charging connector study', body: 'One connector for both line-ups.' },
      ['member@honda.example', 'engineer@nissan.example'],
    )
    const honda = await openBrowser(server.url)
    try {
      const page = honda.page
      await signIn(page, 'member@honda.example')
      const bell = page.locator('.notification-bell')
      await expect
        .poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 })
        .toBe('Notifications: 1 unread')
      expect(await bell.locator('.notification-count').innerText()).toBe('1')
      await bell.click()
      await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor()
      const item = page.locator('.notification').first()
      await item.waitFor()
      const text = await item.innerText()
      expect(text).toContain('Unread')
      expect(text).toMatch(
        /Naoki Fujita asked you to review P-\d+ “Shared charging connector study”\./,
      )
      await expectAccessible(page, 'notifications')
      await screenshot(page, 'notifications-list')

      await item.getByRole('link').click()
      // A review request opens the proposal at its reviews.
      await page.waitForURL(
        (url) => url.pathname === `/proposals/${id}` && url.search === '?tab=reviews',
      )
      await page.locator('.status-card').waitFor()
      await expect
        .poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 })
        .toBe('Notifications')
      expect(await bell.locator('.notification-count').count()).toBe(0)
      // Following from the proposal page.
      await page.getByRole('button', { name: 'Follow' }).click()
      await page.getByRole('status').filter({ hasText: 'You follow this proposal now.' }).waitFor()
      expect(
        await page.getByRole('button', { name: 'Following' }).getAttribute('aria-pressed'),
      ).toBe('true')
      await screenshot(page, 'notifications-follow')
      expectNoPageErrors(honda)
    } finally {
      await honda.close()
    }
  })
})

describe('notification email', () => {
  test('a Japanese email reaches a real SMTP server; its links open the proposal and stop the email without signing in', async () => {
    const mail = await startMailServer()
    const email = createEmailChannel({
      smtpUrl: mail.url,
      mailFrom: 'Concord <concord@example.test>',
      publicUrl: server.url,
      secret: E2E_NOTIFY_SECRET,
    })
    const worker = startDeliveryWorker(server.db, { email, poll: false })
    const world = serverWorld(server)
    const id = await submittedProposal(
      world,
      'member@nissan.example',
      { title: '充電規格の共同調査', body: '両社で一つの規格を。' },
      ['member@honda.example', 'engineer@nissan.example'],
    )
    await (await world.as('member@nissan.example')).comment.add({
      proposalId: id,
      body: '@lead@honda.example ご意見をお願いします。',
      visibility: 'joint',
    })
    await worker.runOnce()
    const toLead = () =>
      mail.received.find(
        (m) =>
          (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((a) =>
            a.value.some((v) => v.address === 'lead@honda.example'),
          ) && m.subject?.includes('メンション'),
      )
    await expect.poll(toLead, { timeout: 10_000 }).toBeDefined()
    const message = toLead()
    await worker.stop()
    email?.close()
    await mail.close()
    const text = message?.text ?? ''
    expect(message?.subject).toContain('充電規格の共同調査')
    expect(text).toContain('Takeshi Mori 様')
    const links = text.match(/https?:\/\/\S+/g) ?? []
    const open = links.find((l) => l.includes(`/proposals/${id}`))
    const stop = text
      .split('\n')
      .find((l) => l.startsWith('「メンション」のメールを停止'))
      ?.match(/https?:\/\/\S+/)?.[0]
    expect(open).toBeDefined()
    expect(stop).toBeDefined()

    const lead = await openBrowser(server.url, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })
    try {
      const page = lead.page
      // The unsubscribe link works without signing in: GET asks, the button stops.
      await page.goto(stop as string)
      await page.getByRole('heading', { name: '「メンション」のメールを停止しますか？' }).waitFor()
      await page.getByRole('button', { name: 'メールを停止する' }).click()
      await page.getByText('「メンション」のメールを停止しました。').waitFor()
      const prefs = await server.db
        .selectFrom('notification_preferences as np')
        .innerJoin('users as u', 'u.id', 'np.user_id')
        .select('np.opt_outs')
        .where('u.email', '=', 'lead@honda.example')
        .executeTakeFirstOrThrow()
      expect(JSON.parse(prefs.opt_outs)).toEqual(['mentions'])
      // The proposal link: sign in, and the proposal opens where the mention is (as the bell's).
      expect(new URL(open as string).search).toBe('?tab=discussion')
      await page.goto(open as string)
      await signIn(page, 'lead@honda.example')
      await page.waitForURL(
        (url) => url.pathname === `/proposals/${id}` && url.search === '?tab=discussion',
      )
      await page.locator('.status-card').waitFor()
      expect(await page.locator('main h1').innerText()).toContain('充電規格の共同調査')
      expectNoPageErrors(lead)
    } finally {
      await lead.close()
    }
  })
})
