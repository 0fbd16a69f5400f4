/**
 * Single sign-on per party in Chromium (issue 10), against two real OpenID Connect providers
 * (oidc-provider), one per party, on local ports. Each party's admin configures its provider
 * through the API and a second person of the party confirms the group mapping; then people sign
 * in with "Sign in with <party>", take roles from their groups, re-authenticate through their
 * provider at a sensitive act, and a provider cannot sign anyone into another party's account.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { callerFor, contextFor, DEMO_PASSWORD } from '../helpers/api'
import { openBrowser, signIn } from '../helpers/browser'
import { startTestProvider, type TestProvider } from '../helpers/oidc'
import { startTestServer, type TestServer } from '../helpers/server'

// The machine is shared and slow: a round trip through a provider takes several page loads.
const SLOW = 180_000

let server: TestServer
let honda: TestProvider
let nissan: TestProvider

async function as(email: string) {
  return callerFor(await contextFor(server.db, email))
}

async function userId(email: string) {
  const row = await server.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  return row.id
}

beforeAll(async () => {
  server = await startTestServer()
  const redirectUris = [`${server.url}/auth/oidc/callback`]
  honda = await startTestProvider({
    name: 'honda',
    redirectUris,
    accounts: [
      { id: 'hana', email: 'hana.sso@honda.example', name: 'Hana Sso', groups: ['concord-leads'] },
      { id: 'forger', email: 'lead@nissan.example', name: 'Not Nissan', groups: ['concord-leads'] },
    ],
  })
  nissan = await startTestProvider({
    name: 'nissan',
    redirectUris,
    accounts: [
      { id: 'nao', email: 'nao.sso@nissan.example', name: 'Nao Sso', groups: ['auditors'] },
    ],
  })
  // Each party's admin connects its own provider; a second person of the party confirms the mapping.
  for (const [code, provider, admin, second, mapping] of [
    [
      'HONDA',
      honda,
      'admin@honda.example',
      'lead@honda.example',
      ['concord-leads', 'partnership_lead'],
    ],
    ['NISSAN', nissan, 'admin@nissan.example', 'lead@nissan.example', ['auditors', 'auditor']],
  ] as const) {
    const caller = await as(admin)
    await caller.sso.configure({
      partyCode: code,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      groupClaim: 'groups',
      passwordSignIn: true,
    })
    const { changeId } = await caller.sso.requestMapping({
      partyCode: code,
      mapping: [{ group: mapping[0], partnershipId: server.partnershipId, role: mapping[1] }],
    })
    await (await as(second)).sso.confirmMapping({ changeId })
  }
}, SLOW)

afterAll(async () => {
  await honda?.stop()
  await nissan?.stop()
  await server?.stop()
})

/**
 * Console errors and page errors on Concord's pages. The providers' own development pages (a
 * favicon that is not there, a web font from the internet) are not Concord's and not counted;
 * refused API calls are part of the flows, as in test/helpers/browser.ts.
 */
function concordErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => {
    if (page.url().startsWith(server.url)) errors.push(`pageerror: ${error.message}`)
  })
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const at = message.location().url || page.url()
    if (!at.startsWith(server.url)) return
    if (/status of 4\d\d/.test(message.text()) && at.includes('/trpc/')) return
    errors.push(`console: ${message.text()}`)
  })
  return errors
}

/** At the provider's own sign-in page (another site): any password for a known login. */
async function signInAtProvider(page: Page, provider: TestProvider, login: string) {
  await page.waitForURL((url) => url.href.startsWith(provider.issuer))
  await page.locator('input[name="login"]').fill(login)
  await page.locator('input[name="password"]').fill('provider password')
  await page.locator('button[type="submit"]').click()
}

async function signInWith(page: Page, party: string, provider: TestProvider, login: string) {
  await page.goto('/sign-in')
  await page.getByRole('link', { name: `Sign in with ${party}` }).click()
  await signInAtProvider(page, provider, login)
  await page.waitForURL((url) => url.href.startsWith(server.url))
}

test(
  "each party's people sign in with their own provider and take roles from their groups",
  async () => {
    const hana = await openBrowser(server.url)
    const nao = await openBrowser(server.url)
    try {
      const hanaErrors = concordErrors(hana.page)
      const naoErrors = concordErrors(nao.page)
      await signInWith(hana.page, 'Honda Motor Co., Ltd.', honda, 'hana')
      await hana.page.locator('.account-name', { hasText: 'Hana Sso' }).waitFor()
      await signInWith(nao.page, 'Nissan Motor Co., Ltd.', nissan, 'nao')
      await nao.page.locator('.account-name', { hasText: 'Nao Sso' }).waitFor()

      const roles = await server.db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .innerJoin('parties', 'parties.id', 'users.party_id')
        .select(['users.email', 'memberships.role', 'parties.code'])
        .where('users.email', 'in', ['hana.sso@honda.example', 'nao.sso@nissan.example'])
        .orderBy('users.email')
        .execute()
      expect(roles).toEqual([
        { email: 'hana.sso@honda.example', role: 'partnership_lead', code: 'HONDA' },
        { email: 'nao.sso@nissan.example', role: 'auditor', code: 'NISSAN' },
      ])
      const session = await server.db
        .selectFrom('sessions')
        .select(['auth_method', 'auth_issuer'])
        .where('user_id', '=', await userId('hana.sso@honda.example'))
        .executeTakeFirstOrThrow()
      expect(session).toEqual({ auth_method: 'oidc', auth_issuer: honda.issuer })
      expect(hanaErrors).toEqual([])
      expect(naoErrors).toEqual([])
    } finally {
      await hana.close()
      await nao.close()
    }
  },
  SLOW,
)

test(
  "a Nissan email asserted by Honda's provider is refused, never Nissan's account",
  async () => {
    const forger = await openBrowser(server.url)
    try {
      const nissanLead = await userId('lead@nissan.example')
      const before = await server.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', nissanLead)
        .execute()
      await signInWith(forger.page, 'Honda Motor Co., Ltd.', honda, 'forger')
      await forger.page.waitForURL(/\/sign-in\?sso_error=email_in_use/)
      await forger.page
        .getByRole('alert')
        .filter({ hasText: 'belongs to another account' })
        .waitFor()
      const after = await server.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', nissanLead)
        .execute()
      expect(after).toEqual(before)
      const linked = await server.db
        .selectFrom('external_identities')
        .select('subject')
        .where('subject', '=', 'forger')
        .execute()
      expect(linked).toEqual([])
    } finally {
      await forger.close()
    }
  },
  SLOW,
)

test(
  'confirming a grant re-authenticates through the provider (prompt=login), then works',
  async () => {
    // Honda's admin asks for a power role for a Honda member; Hana (a lead through SSO) confirms.
    const member = await userId('engineer@honda.example')
    const requested = await (await as('admin@honda.example')).admin.setRoles({
      userId: member,
      partnershipId: server.partnershipId,
      roles: ['member', 'workstream_lead'],
    })
    expect(requested.pending).toEqual(['workstream_lead'])
    const hana = await openBrowser(server.url)
    const errors = concordErrors(hana.page)
    try {
      await signInWith(hana.page, 'Honda Motor Co., Ltd.', honda, 'hana')
      await hana.page.locator('.account-name', { hasText: 'Hana Sso' }).waitFor()
      // Her sign-in is now an hour old.
      await server.db
        .updateTable('sessions')
        .set({ authenticated_at: new Date(Date.now() - 3_600_000).toISOString() })
        .where('user_id', '=', await userId('hana.sso@honda.example'))
        .execute()
      await hana.page.goto('/admin')
      const grant = hana.page.locator('.grant-list li', { hasText: 'Workstream lead' })
      await grant.getByRole('button', { name: 'Confirm' }).click()
      await hana.page.getByRole('link', { name: "Confirm at my company's sign-in" }).click()
      await signInAtProvider(hana.page, honda, 'hana')
      await hana.page.waitForURL(`${server.url}/admin`)
      await hana.page.getByText('You confirmed who you are. Do it again now.').waitFor()
      await grant.getByRole('button', { name: 'Confirm' }).click()
      await hana.page.getByText(/Confirmed: the role of .* is in force\./).waitFor()
      const event = await server.db
        .selectFrom('ledger_events')
        .select('payload')
        .where('action', '=', 'grant.confirmed')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow()
      const after = (JSON.parse(event.payload) as { after: { authentication: unknown } }).after
      expect(after.authentication).toMatchObject({ method: 'oidc', issuer: honda.issuer })
      expect(errors).toEqual([])
    } finally {
      await hana.close()
    }
  },
  SLOW,
)

test(
  'a party that switched password sign-in off: its people cannot sign in with a password',
  async () => {
    await (await as('admin@honda.example')).sso.configure({
      partyCode: 'HONDA',
      issuer: honda.issuer,
      clientId: honda.clientId,
      groupClaim: 'groups',
      passwordSignIn: false,
    })
    const person = await openBrowser(server.url)
    try {
      await person.page.goto('/sign-in')
      await person.page.locator('input[name="email"]').fill('member@honda.example')
      await person.page.locator('input[name="password"]').fill(DEMO_PASSWORD)
      await person.page.locator('form button[type="submit"]').click()
      await person.page
        .getByRole('alert')
        .filter({ hasText: 'Sign in with Honda Motor Co., Ltd.' })
        .waitFor()
      expect(new URL(person.page.url()).pathname).toBe('/sign-in')
      // Nissan's people still sign in with their passwords.
      await signIn(person.page, 'member@nissan.example')
    } finally {
      await person.close()
    }
  },
  SLOW,
)
