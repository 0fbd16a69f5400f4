// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads, not DOM innerText
/**
 * Signed-in browsing in a real Chromium: sign-in (keeping the intended URL), the partnership
 * switcher, the charter, the workstreams, sign-out; the Japanese UI; keyboard-only use.
 * Every page visited passes axe-core with no serious or critical violation.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

describe('a partnership lead in English', () => {
  test('signs in, reads the charter and the workstreams, and signs out', async () => {
    const user = await openBrowser(server.url)
    const { page } = user
    try {
      // A signed-out visit to a page goes to sign-in and comes back there afterwards.
      await page.goto('/charter')
      await page.waitForURL((url) => url.pathname === '/sign-in')
      expect(new URL(page.url()).searchParams.get('next')).toBe('/charter')
      await expect(page.locator('main h1').innerText()).resolves.toBe('Sign in')
      await expectAccessible(page, 'sign-in')
      await screenshot(page, 'sign-in')

      // A wrong password shows the server's message, and the password field is emptied.
      await page.locator('input[name="email"]').fill('lead@nissan.example')
      await page.locator('input[name="password"]').fill('not-the-password')
      await page.locator('form button[type="submit"]').click()
      const alert = page.locator('.form-error[role="alert"]')
      await alert.waitFor()
      expect(await alert.innerText()).toContain('The email or password is incorrect.')
      expect(await page.locator('input[name="password"]').inputValue()).toBe('')
      await expectAccessible(page, 'sign-in with an error')

      await signIn(page, 'lead@nissan.example')
      expect(new URL(page.url()).pathname).toBe('/charter')

      // The partnership switcher names the demo partnership (once the list has loaded).
      const switcher = page.getByLabel('Partnership')
      await expect
        .poll(() => switcher.locator('option:checked').innerText())
        .toBe('Honda–Nissan EV Partnership')

      // Constraints and stances: their own sections, a visible badge, screening terms.
      const constraint = page.locator('#kind-constraint').locator('xpath=..').locator('#CON-1')
      await constraint.waitFor()
      expect(await constraint.innerText()).toContain('No capital merger')
      expect(await constraint.innerText()).toContain('Hard rule')
      expect(await constraint.innerText()).toContain('share swap')
      expect(await constraint.innerText()).toContain('株式交換')
      expect(await constraint.getAttribute('class')).toContain('charter-item-constraint')
      const stance = page.locator('#kind-stance').locator('xpath=..').locator('#ST-1')
      expect(await stance.innerText()).toContain('No product sharing or rebadging for now')
      expect(await stance.innerText()).toContain('Current stance, may change')
      expect(await stance.innerText()).toContain('badge engineering')
      expect(await stance.getAttribute('class')).toContain('charter-item-stance')
      // Distinct at a glance: the two frames differ from each other and from a plain item.
      const frame = (selector: string) =>
        page
          .locator(selector)
          .evaluate(
            (el) =>
              `${getComputedStyle(el).borderLeftColor} ${getComputedStyle(el).backgroundColor}`,
          )
      const [plain, hard, soft] = await Promise.all([
        frame('#OBJ-1'),
        frame('#CON-1'),
        frame('#ST-1'),
      ])
      expect(new Set([plain, hard, soft]).size).toBe(3)
      await expectAccessible(page, 'charter')
      await screenshot(page, 'charter')

      // The session survives a reload.
      await page.reload()
      await page.locator('#CON-1').waitFor()
      expect(new URL(page.url()).pathname).toBe('/charter')

      // Workstreams: leads of both parties on each card.
      const nav = page.getByRole('navigation', { name: 'Main' })
      await nav.getByRole('link', { name: 'Workstreams' }).click()
      await page.waitForURL((url) => url.pathname === '/workstreams')
      const battery = page.locator('.workstream-card', { hasText: 'Joint battery procurement' })
      await battery.waitFor()
      const leads = await battery.locator('.party-people').innerText()
      expect(leads).toMatch(/Honda Motor Co\., Ltd\.\s+Kenji Watanabe/)
      expect(leads).toMatch(/Nissan Motor Co\., Ltd\.\s+Emi Kobayashi/)
      expect(
        await nav.getByRole('link', { name: 'Workstreams' }).getAttribute('aria-current'),
      ).toBe('page')
      // A partnership lead is the second person who confirms their party's grants: Admin is
      // offered (it shows them only the confirmations, admissions and roster).
      expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(1)
      // Every participant sees who holds power in each party.
      await page.locator('#roster-heading').waitFor()
      await expectAccessible(page, 'workstreams')
      await screenshot(page, 'workstreams')

      await battery.getByRole('link', { name: 'Joint battery procurement' }).click()
      await page.locator('#ws-people').waitFor()
      const people = await page.locator('#ws-people').locator('xpath=..').innerText()
      expect(people).toContain('Kenji Watanabe')
      expect(people).toContain('Emi Kobayashi')
      expect(people).toContain('Haruka Sato')
      expect(people).toContain('Naoki Fujita')
      const linked = await page.locator('#ws-linked').locator('xpath=..').innerText()
      expect(linked).toContain('Battery sharing and joint procurement')
      expect(linked).toContain('North America')
      expect(linked).toContain('Economies of scale')
      await expectAccessible(page, 'workstream detail')
      await screenshot(page, 'workstream-detail')

      // A partnership with no decisions yet: each chart says so once, and draws nothing.
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Dashboard' })
        .click()
      await page.locator('#chart-decisions-title').waitFor()
      const dashboard = await page.locator('main').innerText()
      for (const empty of [
        'No decisions yet.',
        'No proposals yet.',
        'No decisions yet to time.',
        'No sign-offs yet to time.',
      ]) {
        expect(dashboard.split(empty).length - 1, empty).toBe(1)
      }
      expect(await page.locator('main svg[role="img"]').count()).toBe(0)

      // Sign out: back at sign-in, and the app no longer opens.
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL((url) => url.pathname === '/sign-in')
      await page.getByText('You have signed out.').waitFor()
      await page.goto('/workstreams')
      await page.waitForURL((url) => url.pathname === '/sign-in')
      expect(await page.locator('main h1').innerText()).toBe('Sign in')

      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })

  test('the layout holds at a phone width of 360 px', async () => {
    const user = await openBrowser(server.url, { viewport: { width: 360, height: 740 } })
    const { page } = user
    try {
      await page.goto('/')
      await signIn(page, 'battery.lead@honda.example')
      for (const [path, ready, name] of [
        ['/', '#inbox-heading', 'home-360'],
        ['/charter', '#CON-1', 'charter-360'],
        ['/workstreams', '.workstream-card', 'workstreams-360'],
      ] as const) {
        await page.goto(path)
        await page.locator(ready).first().waitFor()
        // Nothing wider than the screen: no sideways scrolling.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        )
        expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0)
        await expectAccessible(page, `${path} at 360 px`)
        await screenshot(page, name)
      }
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })
})

describe('the Japanese UI', () => {
  test('renders Japanese strings on the same pages, and the choice of language is remembered', async () => {
    const user = await openBrowser(server.url, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })
    const { page } = user
    try {
      // The browser speaks Japanese: so does the sign-in page.
      await page.goto('/')
      await page.waitForURL((url) => url.pathname === '/sign-in')
      expect(await page.locator('main h1').innerText()).toBe('サインイン')
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja')
      await expectAccessible(page, 'サインイン')
      await screenshot(page, 'ja-sign-in')

      // A refusal says what kind it was in Japanese, with the server's precise words beside it.
      await page.locator('input[name="email"]').fill('lead@honda.example')
      await page.locator('input[name="password"]').fill('not the password')
      await page.locator('form button[type="submit"]').click()
      const refusal = page.getByRole('alert')
      await refusal.waitFor()
      expect(await refusal.innerText()).toContain('サインインしてください。')
      expect(await refusal.innerText()).toContain('The email or password is incorrect.')

      await signIn(page, 'lead@honda.example')
      expect(await page.locator('main h1').innerText()).toBe('ホーム')
      const nav = page.getByRole('navigation', { name: 'メイン' })
      const navText = await nav.innerText()
      for (const label of [
        'ホーム',
        '提案',
        '決定',
        '憲章',
        'ワークストリーム',
        'ダッシュボード',
        '監査',
      ]) {
        expect(navText).toContain(label)
      }
      await expectAccessible(page, 'ホーム')
      await screenshot(page, 'ja-home')

      await nav.getByRole('link', { name: '憲章' }).click()
      await page.locator('#CON-1').waitFor()
      expect(await page.locator('main h1').innerText()).toBe('憲章')
      expect(await page.locator('#kind-constraint').innerText()).toBe('制約')
      expect(await page.locator('#kind-stance').innerText()).toBe('方針')
      expect(await page.locator('#CON-1').innerText()).toContain('厳格なルール')
      expect(await page.locator('#CON-1').innerText()).toContain('スクリーニング用語')
      expect(await page.locator('.version-badge').innerText()).toBe('第1版')
      await expectAccessible(page, '憲章')
      await screenshot(page, 'ja-charter')

      await nav.getByRole('link', { name: 'ワークストリーム' }).click()
      const battery = page.locator('.workstream-card', { hasText: 'WS-BAT' })
      await battery.waitFor()
      const leads = await battery.locator('.party-people').innerText()
      expect(leads).toMatch(/本田技研工業株式会社\s+Kenji Watanabe/)
      expect(leads).toMatch(/日産自動車株式会社\s+Emi Kobayashi/)
      expect(await battery.innerText()).toContain('活動中')
      await expectAccessible(page, 'ワークストリーム')
      await screenshot(page, 'ja-workstreams')

      await battery.getByRole('link').click()
      await page.locator('#ws-people').waitFor()
      // Dates in the user's locale: 2026/11/27に作成
      expect(await page.locator('.page-lead').innerText()).toMatch(/\d{4}\/\d{1,2}\/\d{1,2}に作成/)
      expect(await page.locator('#ws-linked').innerText()).toBe('関連する憲章項目')
      await expectAccessible(page, 'ワークストリーム詳細')
      await screenshot(page, 'ja-workstream-detail')

      // Switch to English; the choice outlives a reload.
      await page.getByLabel('言語').selectOption('en')
      await page.getByRole('heading', { level: 2, name: 'People' }).waitFor()
      await page.reload()
      await page.getByRole('heading', { level: 2, name: 'People' }).waitFor()
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')

      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }

    // The choice is kept with the account: another browser, set to Japanese, signs in and the
    // account's English wins; switching back to Japanese is kept for the next time too.
    const elsewhere = await openBrowser(server.url, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })
    try {
      await signIn(elsewhere.page, 'lead@honda.example')
      await expect.poll(() => elsewhere.page.locator('main h1').innerText()).toBe('Home')
      await elsewhere.page.getByLabel('Language').selectOption('ja')
      await expect.poll(() => elsewhere.page.locator('main h1').innerText()).toBe('ホーム')
      const saved = () =>
        server.db
          .selectFrom('users')
          .select('locale')
          .where('email', '=', 'lead@honda.example')
          .executeTakeFirstOrThrow()
          .then((u) => u.locale)
      await expect.poll(saved).toBe('ja')
      expect(elsewhere.errors).toEqual([])
    } finally {
      await elsewhere.close()
    }
  })
})

describe('keyboard only', () => {
  test('signs in and moves between pages without a mouse, with focus always visible', async () => {
    const user = await openBrowser(server.url)
    const { page } = user
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null
        if (!el) return null
        const style = getComputedStyle(el)
        return {
          tag: el.tagName.toLowerCase(),
          id: el.id,
          name: el.getAttribute('name'),
          text: el.textContent?.trim() ?? '',
          className: el.className,
          outline: style.outlineStyle,
          outlineWidth: style.outlineWidth,
          top: el.getBoundingClientRect().top,
        }
      })
    /** Presses Tab until the focused element matches, at most `max` times. */
    const tabTo = async (
      matches: (f: NonNullable<Awaited<ReturnType<typeof focused>>>) => boolean,
      max = 25,
    ) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab')
        const f = await focused()
        if (f && matches(f)) return f
      }
      throw new Error('Tab never reached the element')
    }
    try {
      await page.goto('/')
      await page.waitForURL((url) => url.pathname === '/sign-in')
      await page.locator('input[name="email"]').waitFor()

      // The first Tab reaches the skip link, which shows itself.
      await page.keyboard.press('Tab')
      const skip = await focused()
      expect(skip?.className).toBe('skip-link')
      expect(skip?.top).toBeGreaterThanOrEqual(0)
      expect(skip?.outline).not.toBe('none')

      const email = await tabTo((f) => f.name === 'email')
      expect(email.outline).not.toBe('none')
      await page.keyboard.type('member@honda.example')
      await page.keyboard.press('Tab')
      expect((await focused())?.name).toBe('password')
      await page.keyboard.type('concord-demo-2026')
      await page.keyboard.press('Enter')
      await page.waitForURL((url) => url.pathname === '/')
      await page.locator('#inbox-heading').waitFor()

      // Skip link → main; then into the navigation from the top of the page.
      await page.reload()
      await page.locator('#inbox-heading').waitFor()
      await page.keyboard.press('Tab')
      expect((await focused())?.className).toBe('skip-link')
      await page.keyboard.press('Enter')
      expect((await focused())?.id).toBe('main')

      await page.reload()
      await page.locator('#inbox-heading').waitFor()
      const link = await tabTo((f) => f.tag === 'a' && f.text === 'Workstreams')
      expect(link.outline).not.toBe('none')
      expect(Number.parseFloat(link.outlineWidth)).toBeGreaterThanOrEqual(2)
      await page.keyboard.press('Enter')
      await page.waitForURL((url) => url.pathname === '/workstreams')
      await page.locator('.workstream-card').first().waitFor()
      // After a navigation, focus starts at the new page's content.
      expect((await focused())?.id).toBe('main')
      await tabTo((f) => f.tag === 'a' && f.text === 'Joint battery procurement')
      await page.keyboard.press('Enter')
      await page.locator('#ws-people').waitFor()
      expect(new URL(page.url()).pathname).toMatch(/^\/workstreams\/[0-9a-f-]{36}$/)

      // The language switch works from the keyboard too.
      const select = await tabTo((f) => f.tag === 'select' && f.text.includes('日本語'), 40)
      expect(select.outline).not.toBe('none')
      await page.keyboard.press('ArrowDown')
      await page.getByRole('heading', { level: 2, name: '担当者' }).waitFor()

      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })
})
