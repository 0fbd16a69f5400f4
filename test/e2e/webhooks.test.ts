// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads, not DOM innerText
/**
 * A party's admin in the browser (issue 13, ADR 0028): registers a webhook endpoint, sees its
 * secret once (and copies it), sends a test event that the test's own receiver gets, signed, and
 * reads it in the delivery log; adds an Obon shutdown day. In English at 1366 px and in
 * Japanese at 390 px, with axe clean.
 */
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type DeliveryWorker, startDeliveryWorker } from '../../server/notify/outbox'
import { createWebhookChannel } from '../../server/notify/webhooks'
import { ARTIFACTS, expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver'

let server: TestServer
let receiver: WebhookReceiver
let worker: DeliveryWorker

beforeAll(async () => {
  server = await startTestServer()
  receiver = await startWebhookReceiver()
  // The outbox worker, as `npm start` runs it (server/main.ts).
  worker = startDeliveryWorker(server.db, { webhook: createWebhookChannel(), pollMs: 200 })
})

afterAll(async () => {
  await worker?.stop()
  await receiver?.close()
  await server?.stop()
})

test('an admin registers an endpoint, sees its secret once and sends it a signed test event', async () => {
  const admin = await openBrowser(server.url, { viewport: { width: 1366, height: 900 } })
  const page = admin.page
  try {
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: server.url,
    })
    await page.goto('/')
    await signIn(page, 'admin@honda.example')
    await page.goto('/admin')
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: 'Webhooks of HONDA' }),
    })
    await section.getByText('No endpoint yet.').waitFor()

    // A plain-http address elsewhere than this machine is refused, in words.
    await section.getByLabel('Address (https://…)').fill('http://erp.honda.example/hooks')
    await section.getByRole('checkbox', { name: 'Review requested' }).check()
    await section.getByRole('button', { name: 'Add endpoint' }).click()
    await section
      .getByText('Use an https:// address: plain http is only for a receiver on this machine')
      .waitFor()

    await section.getByLabel('Address (https://…)').fill(receiver.url)
    await section.getByLabel('Description').fill('Honda chat bridge')
    await section.getByRole('checkbox', { name: 'Proposal approved' }).check()
    await section.getByRole('button', { name: 'Add endpoint' }).click()

    // The secret, once, with a copy button.
    const shown = section.getByTestId('webhook-secret')
    await shown.waitFor()
    const secret = await shown.innerText()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    await section.getByRole('button', { name: 'Copy secret' }).click()
    await section.getByText('Secret copied.').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret)
    await expectAccessible(page, 'admin with a new webhook secret')
    await screenshot(page, 'webhooks-secret-1366')

    await section.getByRole('button', { name: 'I have saved it' }).click()
    await page.reload()
    const row = section.locator('.webhook-row', { hasText: receiver.url })
    await row.waitFor()
    expect(await page.content()).not.toContain(secret)
    expect(await row.innerText()).toContain('Honda chat bridge')

    // A test event reaches the receiver, signed with that secret, and shows in the log.
    await row.getByRole('button', { name: `Send test event to ${receiver.url}` }).click()
    await section.getByText('Test event queued').waitFor()
    const log = row.getByRole('region', { name: `Delivery log of ${receiver.url}` })
    await log.getByRole('cell', { name: 'delivered' }).waitFor()
    expect(await log.innerText()).toContain('200')
    const [delivery, ...more] = receiver.verified(secret)
    expect(more).toEqual([])
    expect(delivery).toMatchObject({ type: 'webhook.test', data: { party: 'HONDA' } })
    await row.getByText(/Last delivery: delivered, 1 attempt, HTTP 200/).waitFor()
    await expectAccessible(page, 'admin with a delivery log')

    // The demo keeps Japan's holidays in Tokyo for Honda; its admin adds an Obon shutdown day.
    const days = page.locator('section', {
      has: page.getByRole('heading', { name: 'Shutdown days of HONDA' }),
    })
    await days.getByText('Public holidays: JP; time zone Asia/Tokyo.').waitFor()
    await days.getByLabel('Country of public holidays').fill('JP')
    await days.getByLabel('Time zone').fill('Asia/Tokyo')
    await days.getByRole('button', { name: 'Save calendar' }).click()
    await days.getByText('Public holidays: JP; time zone Asia/Tokyo.').waitFor()
    await days.getByLabel('Day', { exact: true }).fill('2027-08-13')
    await days.getByLabel('Name', { exact: true }).fill('Obon plant shutdown')
    await days.getByRole('button', { name: 'Add shutdown day' }).click()
    await days.getByText(/added: reminders moved/).waitFor()
    await days.locator('.shutdown-row', { hasText: 'Obon plant shutdown' }).waitFor()
    // Constitution Day is refused: Honda is closed then anyway.
    await days.getByLabel('Day', { exact: true }).fill('2027-05-03')
    await days.getByLabel('Name', { exact: true }).fill('Closed')
    await days.getByRole('button', { name: 'Add shutdown day' }).click()
    await days.getByText('is a weekend day or public holiday already').waitFor()
    await expectAccessible(page, 'admin with shutdown days')
    await screenshot(page, 'webhooks-admin-1366')
    await section.screenshot({ path: path.join(ARTIFACTS, 'webhooks-section-1366.png') })
    await days.screenshot({ path: path.join(ARTIFACTS, 'shutdown-section-1366.png') })
    expect(admin.errors).toEqual([])
  } finally {
    await admin.close()
  }
})

test('in Japanese on a phone: the same sections, readable and accessible', async () => {
  const phone = await openBrowser(server.url, {
    viewport: { width: 390, height: 844 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  })
  const page = phone.page
  try {
    await page.goto('/')
    await signIn(page, 'admin@honda.example')
    await page.goto('/admin')
    // On a phone the language switch sits behind the header's Menu button.
    await page.locator('.menu-button').click()
    await page
      .getByLabel(/^(Language|言語)$/)
      .first()
      .selectOption('ja')
    await page.getByRole('heading', { name: 'HONDA の Webhook' }).waitFor()
    await page.getByRole('heading', { name: 'HONDA の休業日' }).waitFor()
    await page.locator('.webhook-row').first().waitFor()
    await page.locator('.webhook-row').first().getByRole('button', { name: '配信ログ' }).click()
    await page.getByRole('cell', { name: '配信済み' }).first().waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    await expectAccessible(page, 'admin in Japanese at 390 px')
    await screenshot(page, 'webhooks-admin-ja-390')
    for (const [name, heading] of [
      ['webhooks-section-ja-390', 'HONDA の Webhook'],
      ['shutdown-section-ja-390', 'HONDA の休業日'],
    ] as const)
      await page
        .locator('section', { has: page.getByRole('heading', { name: heading }) })
        .screenshot({ path: path.join(ARTIFACTS, `${name}.png`) })
    expect(phone.errors).toEqual([])
  } finally {
    await phone.close()
  }
})
