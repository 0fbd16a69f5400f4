// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * The escalation ladder on the proposal page (issue 14, ADR 0032), in Chromium: Nissan rejects a
 * Honda proposal; Honda's partnership lead (who reads Japanese) escalates it to the steering
 * committee at 1366 px and sees where it stands on the ladder; Nissan's partnership lead reopens
 * it as a new revision on a 390 px phone, in English. Only what the server allows is offered.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { addBusinessDays } from '../../shared/business-days'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import {
  expectNoPageErrors,
  expectState,
  openProposal,
  serverWorld,
  submittedProposal,
} from '../helpers/proposal-ui'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer
let id = ''

beforeAll(async () => {
  server = await startTestServer()
  const world = serverWorld(server)
  id = await submittedProposal(
    world,
    'member@honda.example',
    {
      title: 'Shared service bays at North American dealers',
      body: 'Dealers of either brand service the other brand’s EVs in shared high-voltage bays.',
    },
    ['engineer@honda.example', 'member@nissan.example'],
  )
  const nissan = await world.as('lead@nissan.example')
  const page = await nissan.proposal.get({ proposalId: id })
  await nissan.proposal.reject({
    proposalId: id,
    expectedVersion: page.version,
    rationale: 'Our US dealer agreements do not allow it before 2028.',
  })
})

afterAll(async () => {
  await server?.stop()
})

describe('the escalation ladder on the proposal page', () => {
  test('Honda’s partnership lead escalates a rejection to the steering committee (ja, 1366 px)', async () => {
    const user = await openBrowser(server.url, {
      viewport: { width: 1366, height: 768 },
      locale: 'ja-JP',
    })
    try {
      const { page } = user
      await signIn(page, 'lead@honda.example')
      await openProposal(page, id)
      const card = page.locator('.escalation-card')
      await card.getByRole('heading', { name: 'エスカレーション手順' }).waitFor()
      // A member would not be offered this; the lead is, in words of the ladder's first rung.
      const button = card.getByRole('button', { name: '運営委員会にエスカレーション' })
      await button.click()
      await expectState(page, 'エスカレーション中')
      const until = addBusinessDays(new Date().toISOString().slice(0, 10), 5, { country: null })
      await expect
        .poll(() => card.locator('.escalation-now').innerText())
        .toContain('運営委員会へエスカレーションされました')
      const text = await card.innerText()
      expect(text).toContain('5営業日')
      expect(text).toContain('PROC-1 の各段階')
      expect(text).toContain('経営陣')
      // The status card says what it waits on: the steering committee's decision.
      expect(await page.locator('.status-card .waiting-on').innerText()).toBe('運営委員会の判断')
      // The cooling-off's last day, as the page formats days, for each party.
      expect(await card.locator('.escalation-parties li').count()).toBe(2)
      expect(until).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      // Escalated once, it is not offered again; reopening is the steering committee's.
      expect(await card.getByRole('button', { name: '運営委員会にエスカレーション' }).count()).toBe(
        0,
      )
      await card.getByRole('button', { name: '改訂版で再開' }).waitFor()
      await expectAccessible(page, 'escalated proposal (ja)')
      await screenshot(page, 'escalation-ladder-ja-1366')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })

  test('Nissan’s partnership lead reopens it as a new revision (en, 390 px)', async () => {
    const user = await openBrowser(server.url, {
      viewport: { width: 390, height: 844 },
      locale: 'en-US',
    })
    try {
      const { page } = user
      await signIn(page, 'lead@nissan.example')
      await openProposal(page, id)
      const card = page.locator('.escalation-card')
      await expect
        .poll(() => card.locator('.escalation-now').innerText())
        .toMatch(
          /^Escalated to the steering committee on .+; cooling-off until .+ \(5 business days on both parties’ calendars\)\./,
        )
      expect(await card.locator('[aria-current="step"]').innerText()).toContain(
        'Steering committee',
      )
      await screenshot(page, 'escalation-ladder-en-390')
      // The card fits the phone's width.
      const box = await card.boundingBox()
      expect(box && box.x + box.width).toBeLessThanOrEqual(390)
      await card.getByRole('button', { name: 'Reopen as a new revision' }).click()
      await card
        .getByLabel('Revised text')
        .fill('Shared bays from 2028, when the US agreements allow it.')
      await card.getByLabel('What the steering committee changed').fill('Start moved to 2028')
      await card.getByRole('button', { name: 'Reopen for review' }).click()
      await expectState(page, 'In review')
      await expect.poll(() => card.innerText()).toContain('Reopened by the steering committee on')
      await screenshot(page, 'escalation-reopened-en-390')
      // The ladder is the charter's, as data: PROC-1 shows its rungs on the charter page.
      await page.goto('/charter#PROC-1')
      const item = page.locator('[id="PROC-1"]')
      await item.locator('.charter-ladder').waitFor()
      const ladder = await item.locator('.charter-ladder').innerText()
      expect(ladder).toContain('5 business days after its decide-by date')
      expect(ladder).toContain('Steering committee: cooling-off of 5 business days')
      expect(ladder).toContain('Executives: cooling-off of 10 business days')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })
})
