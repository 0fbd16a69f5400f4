// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads, not DOM innerText
/**
 * Session expiry in the browser: when the server no longer knows the session (its row is gone,
 * as after an idle timeout, or the cookie is gone), the next request sends the user to sign-in
 * with a message, keeps the URL they were on, and keeps what they were typing.
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

async function sessionCount(email: string): Promise<number> {
  const row = await server.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('users.email', '=', email)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('an ended session', () => {
  test('on the server: the next request leads to sign-in, and back with the draft intact', async () => {
    const user = await openBrowser(server.url)
    const { page } = user
    try {
      await page.goto('/admin')
      await signIn(page, 'admin@honda.example')
      expect(new URL(page.url()).pathname).toBe('/admin')

      // Half a form typed in.
      await page.getByLabel('Email', { exact: true }).fill('new.person@honda.example')
      await page.getByLabel('Full name').fill('Nanami Kimura')
      await page.getByLabel('Initial password').fill('a-secret-password-1')

      // The session ends on the server (as an idle timeout or an admin's disabling would do).
      expect(await sessionCount('admin@honda.example')).toBe(1)
      await server.db.deleteFrom('sessions').execute()

      // The next request the page makes (a search) finds the session gone.
      await page.getByLabel('Search by name or email').fill('kimura')
      await page.waitForURL((url) => url.pathname === '/sign-in')
      expect(new URL(page.url()).searchParams.get('next')).toBe('/admin')
      const notice = page.locator('.notice[role="status"]')
      await notice.waitFor()
      expect(await notice.innerText()).toContain('Your session has ended')
      await expectAccessible(page, 'sign-in after expiry')
      await screenshot(page, 'session-expired')

      // Signing in again returns to the form, with what was typed (never the password).
      await signIn(page, 'admin@honda.example')
      expect(new URL(page.url()).pathname).toBe('/admin')
      expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(
        'new.person@honda.example',
      )
      expect(await page.getByLabel('Full name').inputValue()).toBe('Nanami Kimura')
      expect(await page.getByLabel('Initial password').inputValue()).toBe('')
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })

  test('in the browser: without its cookie a reload leads to sign-in with the message', async () => {
    const user = await openBrowser(server.url)
    const { page, context } = user
    try {
      await page.goto('/')
      await signIn(page, 'member@nissan.example')
      const nav = page.getByRole('navigation', { name: 'Main' })
      await nav.getByRole('link', { name: 'Workstreams' }).click()
      await page.locator('.workstream-card').first().waitFor()

      await context.clearCookies()
      await page.reload()
      await page.waitForURL((url) => url.pathname === '/sign-in')
      expect(new URL(page.url()).searchParams.get('next')).toBe('/workstreams')
      expect(await page.locator('.notice[role="status"]').innerText()).toContain(
        'Your session has ended',
      )

      await signIn(page, 'member@nissan.example')
      expect(new URL(page.url()).pathname).toBe('/workstreams')
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })

  test('a first visit without any session shows the sign-in page without an expiry message', async () => {
    const user = await openBrowser(server.url)
    const { page } = user
    try {
      await page.goto('/')
      await page.waitForURL((url) => url.pathname === '/sign-in')
      await page.locator('main h1').waitFor()
      expect(await page.locator('.notice').count()).toBe(0)
      // An address outside the app is never a place to return to.
      await page.goto('/sign-in?next=%2F%2Fevil.example%2F')
      await signIn(page, 'member@nissan.example')
      expect(new URL(page.url()).origin).toBe(server.url)
      expect(new URL(page.url()).pathname).toBe('/')
      expect(user.errors).toEqual([])
    } finally {
      await user.close()
    }
  })
})
