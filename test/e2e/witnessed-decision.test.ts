// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * Witnessed decisions in a real Chromium (issue 12), in a demo-like setup: each party's witness
 * runs in the server's process, as `npm start` runs them. A decision is issued; its page soon says
 * "Witnessed by Honda and Nissan"; its certificate, downloaded from that page and dropped on the
 * audit page, verifies in the browser without a single request to the server, and a tampered copy
 * does not.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startDemoWitnesses } from '../../server/audit/demo-witnesses'
import { signingKey } from '../../server/audit/keys'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'
import { demoIndex, proposalInState } from '../helpers/workflow'
import { worldOf } from './decisions-setup'

const SLOW = 180_000
let server: TestServer
let stopWitnesses: () => Promise<void>
let decisionId: string

beforeAll(async () => {
  server = await startTestServer()
  const key = signingKey({ dataDir: server.dataDir, ledgerSigningKey: null })
  stopWitnesses = startDemoWitnesses(server.db, key, server.dataDir, {
    pollMs: 300,
    everyMs: 60_000,
  })
  const world = worldOf(server)
  const made = await proposalInState(world, await demoIndex(world), 'approved', {
    author: 'member@nissan.example',
    title: 'Shared 800 V charging connector',
    reviewers: ['engineer@honda.example', 'engineer@nissan.example'],
  })
  const decision = await server.db
    .selectFrom('decisions')
    .select('id')
    .where('proposal_id', '=', made.id)
    .executeTakeFirstOrThrow()
  decisionId = decision.id
}, SLOW)

afterAll(async () => {
  await stopWitnesses?.()
  await server?.stop()
})

describe('a witnessed decision', () => {
  test(
    'the page says witnessed by both; the certificate verifies on the audit page, offline',
    async () => {
      const user = await openBrowser(server.url, { viewport: { width: 1366, height: 900 } })
      const { page } = user
      try {
        await page.goto(`/decisions/${decisionId}`)
        await signIn(page, 'auditor@honda.example')
        const final = page.locator('.witness-final')
        await final.waitFor({ timeout: 30_000 })
        expect(await final.innerText()).toMatch(/^Witnessed by Honda.* and Nissan/)
        expect(await final.innerText()).not.toContain('..')
        expect(await final.innerText()).toMatch(/checkpoint of \d+ entries, cosigned/)
        await expectAccessible(page, 'witnessed decision')
        await page.locator('#decision-finality').scrollIntoViewIfNeeded()
        await screenshot(page, 'decision-witnessed-1366')

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download certificate' }).click(),
        ])
        expect(download.suggestedFilename()).toMatch(/^D-\d+-certificate\.json$/)
        const file = path.join(server.dataDir, download.suggestedFilename())
        await download.saveAs(file)
        const text = readFileSync(file, 'utf8')

        await page.goto('/audit')
        await page.locator('#certificate-heading').waitFor()
        // From here on the browser alone verifies: count every request it makes (but the app's
        // own unread-notifications poll, which runs on every page).
        const requests: string[] = []
        page.on('request', (r) => {
          if (!r.url().includes('/trpc/notification.unreadCount')) requests.push(r.url())
        })
        // Dropped on the zone, as a person drags a file from their desktop.
        const transfer = await page.evaluateHandle(
          ([content, name]) => {
            const dt = new DataTransfer()
            dt.items.add(new File([content], name, { type: 'application/json' }))
            return dt
          },
          [text, download.suggestedFilename()] as const,
        )
        await page.getByTestId('certificate-drop').dispatchEvent('drop', { dataTransfer: transfer })
        const verdict = page.locator('[data-result="verifies"]')
        await verdict.waitFor()
        expect(await verdict.innerText()).toContain('verifies')
        expect(await verdict.innerText()).toMatch(/witnessed by Honda.* and Nissan/)
        expect(requests).toEqual([])
        await expectAccessible(page, 'certificate verified on the audit page')
        await page.locator('#certificate-heading').scrollIntoViewIfNeeded()
        await screenshot(page, 'audit-certificate-verified-1366')

        // A tampered copy, chosen with the file input: the sign-off's rationale changed.
        const cert = JSON.parse(text)
        cert.signoffs[0].rationale = 'Approved without conditions.'
        const forged = path.join(server.dataDir, 'forged-certificate.json')
        writeFileSync(forged, JSON.stringify(cert))
        await page.getByLabel('Choose a certificate file').setInputFiles(forged)
        const refused = page.locator('[data-result="fails"]')
        await refused.waitFor()
        expect(await refused.innerText()).toMatch(/does NOT verify[\s\S]*signoffs\[0\]/)
        expect(requests).toEqual([])

        // The browser's own walk of the ledger checks what the witnesses cosigned as well: the
        // root it recomputes at the witnessed size, the log's signature, each cosignature.
        await page.getByRole('button', { name: 'Verify in this browser' }).click()
        const witnessed = page.locator('[data-result="ok"] .verify-witnessed')
        await witnessed.waitFor({ timeout: 60_000 })
        expect(await witnessed.innerText()).toMatch(
          /^Witnessed by Honda.* and Nissan.* up to entry [\d,]+: the root recomputed here is the one each witness cosigned\./,
        )
        expect(Number(await witnessed.getAttribute('data-witnessed-size'))).toBeGreaterThan(0)
        await page.locator('#verify-heading').scrollIntoViewIfNeeded()
        await screenshot(page, 'audit-verified-witnessed-1366')
        expect(user.errors).toEqual([])
      } finally {
        await user.close()
      }
    },
    SLOW,
  )

  test(
    'at 390 px in Japanese',
    async () => {
      const user = await openBrowser(server.url, {
        locale: 'ja-JP',
        timezoneId: 'Asia/Tokyo',
        viewport: { width: 390, height: 844 },
      })
      const { page } = user
      try {
        await page.goto(`/decisions/${decisionId}`)
        // Honda's partnership lead keeps Japanese as the account's language.
        await signIn(page, 'lead@honda.example')
        const final = page.locator('.witness-final')
        await final.waitFor({ timeout: 30_000 })
        expect(await final.innerText()).toContain('立会人が確認済み')
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        )
        expect(overflow).toBeLessThanOrEqual(0)
        await expectAccessible(page, 'witnessed decision, 390 px, Japanese')
        await page.locator('#decision-finality').scrollIntoViewIfNeeded()
        await screenshot(page, 'decision-witnessed-390-ja')
        expect(user.errors).toEqual([])
      } finally {
        await user.close()
      }
    },
    SLOW,
  )
})
