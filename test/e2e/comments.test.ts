// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * Comment visibility in the browser: an internal comment by a Honda user is marked as such for
 * Honda, and never reaches a Nissan user, neither on the page nor in the API's answer to their
 * browser; a joint comment reaches both. The Nissan user's page is also checked in Japanese.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import {
  expectNoPageErrors,
  openComposer,
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

const SECRET = 'Honda only: our own cost target is 20% below the tender price.'
const JOINT = 'Could both parties share their 2028 volumes by March?'

describe('internal comments', () => {
  test('a Honda internal comment never appears for a Nissan user', async () => {
    const id = await submittedProposal(
      serverWorld(server),
      'member@nissan.example',
      { title: 'Shared LFP tender for 2028', body: 'One tender for both companies.' },
      ['member@honda.example', 'engineer@nissan.example'],
    )

    const honda = await openBrowser(server.url)
    try {
      await signIn(honda.page, 'member@honda.example')
      const page = honda.page
      await openProposal(page, id)
      const composer = await openComposer(page)
      await composer.getByLabel('Comment', { exact: true }).fill(SECRET)
      await composer.getByLabel(/^Internal to Honda Motor Co\., Ltd\./).check()
      // The button says who will see it before it is pressed.
      await composer
        .getByRole('button', { name: 'Post internal comment (Honda Motor Co., Ltd. only)' })
        .click()
      const posted = page.locator('#comments').getByRole('status')
      await posted.filter({ hasText: 'only your party sees it' }).waitFor()
      // The composer closed; the focus is on the confirmation, not lost to the page.
      expect(await posted.evaluate((el) => el === document.activeElement)).toBe(true)
      const internal = page.locator('.comment[data-visibility="internal"]')
      await internal.waitFor()
      expect(await internal.innerText()).toContain('Internal: Honda Motor Co., Ltd. only')
      expect(await internal.innerText()).toContain(SECRET)
      // Who sees the next comment stays as chosen, also after a reload, and the composer shows it.
      await openComposer(page)
      expect(await composer.getByLabel(/^Internal to Honda Motor Co\., Ltd\./).isChecked()).toBe(
        true,
      )
      expect(await composer.getAttribute('class')).toContain('composer-internal')
      await page.reload()
      await openComposer(page)
      await composer.getByLabel(/^Internal to Honda Motor Co\., Ltd\./).waitFor()
      expect(await composer.getByLabel(/^Internal to Honda Motor Co\., Ltd\./).isChecked()).toBe(
        true,
      )
      expect(await composer.innerText()).toContain('Internal: Honda Motor Co., Ltd. only')

      await composer.getByLabel('Comment', { exact: true }).fill(JOINT)
      await composer.getByLabel(/^Joint/).check()
      await composer.getByRole('button', { name: 'Post joint comment' }).click()
      const joint = page.locator('.comment[data-visibility="joint"]')
      await joint.waitFor()
      expect(await joint.innerText()).toContain('Joint: both parties see this')
      // Told apart by more than colour: the frames differ in style.
      const frame = (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((el) => getComputedStyle(el).borderTopStyle)
      expect(await frame('.comment-internal')).toBe('dashed')
      expect(await frame('.comment-joint')).toBe('solid')
      await expectAccessible(page, 'comments (Honda)')
      await screenshot(page, 'comments-honda')
      expectNoPageErrors(honda)
    } finally {
      await honda.close()
    }

    const nissan = await openBrowser(server.url, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })
    try {
      await signIn(nissan.page, 'member@nissan.example')
      const page = nissan.page
      await page.getByLabel(/Language|言語/).selectOption('en')
      await openProposal(page, id, 'discussion')
      await page.locator('.comment').first().waitFor()
      expect(await page.locator('.comment').count()).toBe(1)
      expect(await page.locator('.comment').innerText()).toContain(JOINT)
      expect(await page.locator('main').innerText()).not.toContain('cost target')
      expect(await page.content()).not.toContain('cost target')
      // Not in what the server hands this browser either.
      for (const path of [
        `/trpc/proposal.get?input=${encodeURIComponent(JSON.stringify({ proposalId: id }))}`,
        `/trpc/comment.list?input=${encodeURIComponent(JSON.stringify({ proposalId: id }))}`,
      ]) {
        const answer = await page.request.get(path)
        expect(answer.status()).toBe(200)
        const text = await answer.text()
        expect(text).toContain(JOINT)
        expect(text).not.toContain('cost target')
      }
      await expectAccessible(page, 'comments (Nissan)')
      await screenshot(page, 'comments-nissan')
      // The timeline leaves Honda's internal step out altogether: not even its timing shows.
      await openSection(page, 'history')
      const timeline = await page.locator('#timeline').innerText()
      expect(timeline).not.toContain('cost target')
      expect(timeline).not.toContain('Details private to Honda')

      // The same page in Japanese.
      await openSection(page, 'discussion')
      await page.getByLabel('Language').selectOption('ja')
      await page.getByRole('heading', { name: '現在の状況' }).waitFor()
      expect(await page.locator('.status-card .state-badge').innerText()).toBe('レビュー中')
      expect(await page.locator('.comment').innerText()).toContain('共有：両社が閲覧可能')
      expect(await page.getByRole('heading', { name: 'サインオフ：両社の鍵' }).count()).toBe(1)
      await expectAccessible(page, 'proposal in Japanese')
      await screenshot(page, 'ja-proposal')
      await page.goto('/')
      await page.getByRole('heading', { name: 'あなたに依頼されたレビュー' }).waitFor()
      await page.goto('/proposals')
      await page.locator('.proposal-row').first().waitFor()
      expect(await page.locator('.proposal-row').first().innerText()).toContain('レビュー中')
      await expectAccessible(page, 'proposals in Japanese')
      await screenshot(page, 'ja-proposals')
      expectNoPageErrors(nissan)
    } finally {
      await nissan.close()
    }
  })
})
