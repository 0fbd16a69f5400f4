// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads, not DOM innerText
/**
 * An admin in the browser: creates an account with roles, puts it on a workstream, pages through
 * the accounts, and disables it: the person's open session ends and they can no longer sign in.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DEMO_ACCOUNTS } from '../../server/demo/demo-data'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

test('an admin creates an account, places it on a workstream and disables it', async () => {
  const admin = await openBrowser(server.url)
  const person = await openBrowser(server.url)
  const page = admin.page
  try {
    await page.goto('/')
    await signIn(page, 'admin@honda.example')
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Admin' })
      .click()
    await page.locator('.user-row').first().waitFor()
    await expectAccessible(page, 'admin')

    // Only the admin's own party's people are listed (ADR 0010), and the roster of power shows.
    const hondaCount = DEMO_ACCOUNTS.filter((a) => a.party === 'HONDA').length
    await page.getByText(`Accounts shown: ${hondaCount}`).waitFor()
    expect(await page.locator('.user-row').count()).toBe(hondaCount)
    expect(await page.locator('.user-row', { hasText: '@nissan.example' }).count()).toBe(0)
    await page.getByRole('heading', { name: 'Who holds power' }).waitFor()

    // A refused creation shows the server's message next to the field it names.
    await page.getByLabel('Email', { exact: true }).fill('ayumi.hirano@honda.example')
    await page.getByLabel('Full name').fill('Ayumi Hirano')
    await page.getByLabel('Initial password').fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    const passwordError = page.locator('.field-error')
    await passwordError.waitFor()
    expect(await passwordError.innerText()).toContain('at least 12 characters')
    expect(await page.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'admin with a field error')

    await page.getByLabel('Initial password').fill('ayumi-initial-2026')
    await page.getByLabel('Party', { exact: true }).selectOption('HONDA')
    // "Member" is ticked by default.
    expect(await page.getByRole('checkbox', { name: 'Member' }).first().isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByText('Created the account ayumi.hirano@honda.example.').waitFor()
    // The form is empty again and ready for the next person.
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('')

    await page.getByLabel('Search by name or email').fill('hirano')
    const row = page.locator('.user-row', { hasText: 'ayumi.hirano@honda.example' })
    await row.waitFor()
    await page.waitForFunction(() => document.querySelectorAll('.user-row').length === 1)
    expect(await row.locator('.tag-list').innerText()).toBe('Member')

    // Put the new account on the battery workstream.
    await row.getByRole('button', { name: 'Manage Ayumi Hirano' }).click()
    const place = row.getByLabel('Role in WS-BAT Joint battery procurement', { exact: true })
    await place.selectOption('member')
    await row.getByRole('button', { name: 'Save role in WS-BAT Joint battery procurement' }).click()
    await row.getByText('Saved the role of Ayumi Hirano in Joint battery procurement.').waitFor()
    await expectAccessible(page, 'admin with the manage panel open')
    await screenshot(page, 'admin')

    // The new person signs in and finds themselves on the workstream; they see no Admin page.
    await person.page.goto('/')
    await signIn(person.page, 'ayumi.hirano@honda.example', 'ayumi-initial-2026')
    const personNav = person.page.getByRole('navigation', { name: 'Main' })
    expect(await personNav.innerText()).not.toContain('Admin')
    await personNav.getByRole('link', { name: 'Workstreams' }).click()
    await person.page.getByRole('link', { name: 'Joint battery procurement' }).click()
    await person.page.locator('#ws-people').waitFor()
    expect(await person.page.locator('#ws-people').locator('xpath=..').innerText()).toContain(
      'Ayumi Hirano',
    )

    // The admin disables the account.
    await row.getByRole('button', { name: 'Disable Ayumi Hirano' }).click()
    await page
      .getByText('Disabled the account ayumi.hirano@honda.example; its sessions have ended.')
      .waitFor()
    await row.getByText('Disabled', { exact: true }).waitFor()
    await row.getByRole('button', { name: 'Enable Ayumi Hirano' }).waitFor()

    // Their open session is over: the next page they open leads to sign-in ...
    await personNav.getByRole('link', { name: 'Charter' }).click()
    await person.page.waitForURL((url) => url.pathname === '/sign-in')
    expect(await person.page.locator('.notice').innerText()).toContain('Your session has ended')
    // ... and signing in is refused with the server's message.
    await person.page.locator('input[name="email"]').fill('ayumi.hirano@honda.example')
    await person.page.locator('input[name="password"]').fill('ayumi-initial-2026')
    await person.page.locator('form button[type="submit"]').click()
    await person.page.locator('.form-error').waitFor()
    expect(await person.page.locator('.form-error').innerText()).toContain(
      'The email or password is incorrect.',
    )

    // An admin cannot disable themselves: no button is offered for their own row.
    await page.getByLabel('Search by name or email').fill('admin@honda')
    const own = page.locator('.user-row', { hasText: 'admin@honda.example' })
    await own.waitFor()
    await page.waitForFunction(() => document.querySelectorAll('.user-row').length === 1)
    expect(await own.getByRole('button', { name: /Disable/ }).count()).toBe(0)

    expect(admin.errors).toEqual([])
    expect(person.errors).toEqual([])
  } finally {
    await admin.close()
    await person.close()
  }
})

test('a member who is not an admin sees no Admin page, even by its address', async () => {
  const user = await openBrowser(server.url)
  try {
    await user.page.goto('/admin')
    await signIn(user.page, 'member@honda.example')
    expect(new URL(user.page.url()).pathname).toBe('/admin')
    expect(await user.page.locator('main h1').innerText()).toBe('Not available to you')
    await expectAccessible(user.page, 'admin refused')
    expect(user.errors).toEqual([])
  } finally {
    await user.close()
  }
})
