/**
 * Single sign-on per party (issue 10): who may read and change a party's provider (its own admins;
 * the secret never comes back), the two-person rule for the group mapping, and the whole round
 * trip over HTTP against real OpenID Connect providers (oidc-provider): accounts bound to
 * (party, issuer, subject), roles from groups, another party's email refused, re-authentication
 * through the provider, password sign-in switched off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { refusalTotal } from '../../server/audit/refusals'
import { DEMO_PASSWORD, type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { databaseFingerprint } from '../helpers/fingerprint'
import { signInAtProvider, startTestProvider, type TestProvider } from '../helpers/oidc'

/** Concord's address as the test requests name it (app.request needs no listening socket). */
const BASE = 'http://127.0.0.1:65000'
const CALLBACK = `${BASE}/auth/oidc/callback`

function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected a refusal')
    },
    (error: { code?: string; message: string }) => error,
  )
}

describe.each(DATABASE_KINDS)('single sign-on per party (%s)', (kind) => {
  let world: DemoWorld
  let honda: TestProvider
  let nissan: TestProvider
  let app: ReturnType<typeof createApp>
  let changeId = ''

  beforeAll(async () => {
    world = await demoWorld(kind)
    app = createApp({ db: world.db, config: testConfig() })
    honda = await startTestProvider({
      name: 'honda',
      redirectUris: [CALLBACK],
      accounts: [
        {
          id: 'h-lead',
          email: 'sso.lead@honda.example',
          name: 'Hana Lead',
          groups: ['concord-leads'],
        },
        { id: 'h-staff', email: 'sso.staff@honda.example', name: 'Shin Staff', groups: [] },
        // Honda's provider asserting the email of Nissan's partnership lead.
        {
          id: 'h-forger',
          email: 'lead@nissan.example',
          name: 'Not Nissan',
          groups: ['concord-leads'],
        },
      ],
    })
    nissan = await startTestProvider({
      name: 'nissan',
      redirectUris: [CALLBACK],
      accounts: [{ id: 'n-1', email: 'sso.one@nissan.example', name: 'Nao One', groups: ['x'] }],
    })
  })
  afterAll(async () => {
    await honda?.stop()
    await nissan?.stop()
    await world?.destroy()
  })

  async function partyId(code: string) {
    const row = await world.db
      .selectFrom('parties')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirstOrThrow()
    return row.id
  }

  /** A browser's whole round trip: Concord → provider (signed in as `login`) → Concord. */
  async function roundTrip(startPath: string, login: string, cookies: string[] = []) {
    const start = await app.request(`${BASE}${startPath}`, {
      headers: { cookie: cookies.join('; ') },
    })
    expect(start.status).toBe(302)
    const flowCookie = start.headers
      .getSetCookie()
      .find((c) => c.startsWith('concord_oidc='))
      ?.split(';')[0]
    const location = start.headers.get('location') ?? ''
    if (!flowCookie) return { location, setCookies: [] as string[] }
    const back = await signInAtProvider(location, login)
    expect(back.startsWith(CALLBACK)).toBe(true)
    const callback = await app.request(back, {
      headers: { cookie: [...cookies, flowCookie].join('; ') },
    })
    expect(callback.status).toBe(302)
    return {
      location: callback.headers.get('location') ?? '',
      setCookies: callback.headers.getSetCookie(),
    }
  }

  function sessionOf(setCookies: string[]): string | null {
    const line = setCookies.find(
      (c) => c.startsWith('concord_session=') && !c.includes('Max-Age=0'),
    )
    return line ? (line.split(';')[0] as string) : null
  }

  async function me(cookie: string) {
    const res = await app.request(`${BASE}/trpc/auth.me`, { headers: { cookie } })
    const body = (await res.json()) as {
      result: {
        data: {
          email: string
          partyCode: string
          roles: Record<string, string[]>
          authentication: { method: string; at: string; issuer: string | null }
        }
      }
    }
    return body.result.data
  }

  it("only the party's own admins configure its provider; the secret is never returned", async () => {
    const nissanAdmin = await world.as('admin@nissan.example')
    const hondaMember = await world.as('member@honda.example')
    const before = await databaseFingerprint(world.db)
    const settings = {
      partyCode: 'HONDA',
      issuer: honda.issuer,
      clientId: honda.clientId,
      clientSecret: honda.clientSecret,
      groupClaim: 'groups',
      passwordSignIn: true,
    }
    // One at a time: a refusal not yet awaited would be an unhandled rejection.
    for (const attempt of [
      () => nissanAdmin.sso.configure(settings),
      () => nissanAdmin.sso.provider({ partyCode: 'HONDA' }),
      () => nissanAdmin.sso.requestMapping({ partyCode: 'HONDA', mapping: [] }),
      () => hondaMember.sso.configure(settings),
      () => hondaMember.sso.provider({ partyCode: 'HONDA' }),
    ]) {
      expect((await errorOf(attempt())).code).toBe('FORBIDDEN')
    }
    // Nothing changed, and each refusal is recorded (security.access_denied).
    expect(await databaseFingerprint(world.db)).toEqual(before)
    const nissanAdminId = (
      await world.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'admin@nissan.example')
        .executeTakeFirstOrThrow()
    ).id
    expect(await refusalTotal(world.db, nissanAdminId, 'sso.configure')).toBe(1)
    expect(await refusalTotal(world.db, nissanAdminId, 'sso.provider')).toBe(1)
    const providers = await world.db.selectFrom('identity_providers').selectAll().execute()
    expect(providers).toEqual([])

    const hondaAdmin = await world.as('admin@honda.example')
    await hondaAdmin.sso.configure(settings)
    const read = await hondaAdmin.sso.provider({ partyCode: 'HONDA' })
    expect(read.provider).toMatchObject({
      issuer: honda.issuer,
      clientId: honda.clientId,
      clientSecretSet: true,
      groupClaim: 'groups',
      passwordSignIn: true,
      mapping: [],
    })
    expect(JSON.stringify(read)).not.toContain(honda.clientSecret)
    // Changing without a secret keeps the stored one.
    const { clientSecret: _, ...withoutSecret } = settings
    await hondaAdmin.sso.configure(withoutSecret)
    const stored = await world.db
      .selectFrom('identity_providers')
      .select('client_secret')
      .executeTakeFirstOrThrow()
    expect(stored.client_secret).toBe(honda.clientSecret)
    // The ledger never holds the secret.
    const events = await world.db
      .selectFrom('ledger_events')
      .select(['action', 'payload'])
      .where('action', 'like', 'identity_provider.%')
      .execute()
    expect(events.length).toBe(2)
    for (const e of events) expect(e.payload).not.toContain(honda.clientSecret)
    // An issuer that answers nothing is a clear refusal, not a 500.
    const bad = await errorOf(
      hondaAdmin.sso.configure({ ...settings, issuer: 'http://127.0.0.1:9/nothing' }),
    )
    expect(bad.code).toBe('BAD_REQUEST')
    expect(bad.message).toContain('could not read the OpenID configuration')

    await world.as('admin@nissan.example').then((a) =>
      a.sso.configure({
        partyCode: 'NISSAN',
        issuer: nissan.issuer,
        clientId: nissan.clientId,
        clientSecret: nissan.clientSecret,
        groupClaim: 'groups',
        passwordSignIn: true,
      }),
    )
    const listed = await world.anonymous().sso.parties()
    expect(listed.map((p) => p.name).sort()).toEqual([
      'Honda Motor Co., Ltd.',
      'Nissan Motor Co., Ltd.',
    ])
    for (const p of listed) expect(Object.keys(p).sort()).toEqual(['id', 'name', 'nameJa'])
  })

  it('a mapping change takes effect only when a second person of the party confirms it', async () => {
    const hondaAdmin = await world.as('admin@honda.example')
    const requested = await hondaAdmin.sso.requestMapping({
      partyCode: 'HONDA',
      mapping: [
        { group: 'concord-leads', partnershipId: world.partnershipId, role: 'partnership_lead' },
      ],
    })
    changeId = requested.changeId
    expect((await errorOf(hondaAdmin.sso.confirmMapping({ changeId }))).code).toBe('FORBIDDEN')
    const nissanAdmin = await world.as('admin@nissan.example')
    expect((await errorOf(nissanAdmin.sso.confirmMapping({ changeId }))).code).toBe('FORBIDDEN')
    const stillEmpty = await hondaAdmin.sso.provider({ partyCode: 'HONDA' })
    expect(stillEmpty.provider?.mapping).toEqual([])
    expect(stillEmpty.pendingMappings.map((p) => p.canConfirm)).toEqual([false])

    const hondaLead = await world.as('lead@honda.example')
    await hondaLead.sso.confirmMapping({ changeId })
    const confirmed = await hondaAdmin.sso.provider({ partyCode: 'HONDA' })
    expect(confirmed.provider?.mapping).toEqual([
      { group: 'concord-leads', partnershipId: world.partnershipId, role: 'partnership_lead' },
    ])
    expect(confirmed.pendingMappings).toEqual([])
  })

  it("signs in with the party's provider, creating that party's account with roles from groups", async () => {
    const { location, setCookies } = await roundTrip(
      `/auth/oidc/start?party=${await partyId('HONDA')}&next=/proposals`,
      'h-lead',
    )
    expect(location).toBe('/proposals')
    const cookie = sessionOf(setCookies)
    expect(cookie).not.toBeNull()
    const person = await me(cookie as string)
    expect(person.email).toBe('sso.lead@honda.example')
    expect(person.partyCode).toBe('HONDA')
    expect(person.roles[world.partnershipId]).toEqual(['partnership_lead'])
    expect(person.authentication).toMatchObject({ method: 'oidc', issuer: honda.issuer })

    // Roles from the confirmed mapping count as asked for and confirmed by its two people.
    const roster = await (await world.as('member@nissan.example')).people.roster({
      partnershipId: world.partnershipId,
    })
    const entry = roster.parties.flatMap((p) => p.holders).find((h) => h.name === 'Hana Lead')
    expect(entry).toMatchObject({ role: 'partnership_lead', source: 'provider' })
    expect(entry?.confirmedBy).not.toBeNull()

    // Someone with no mapped group is a member; the same subject next time is the same account.
    const staff = await roundTrip(`/auth/oidc/start?party=${await partyId('HONDA')}`, 'h-staff')
    const staffMe = await me(sessionOf(staff.setCookies) as string)
    expect(staffMe.roles[world.partnershipId]).toEqual(['member'])
    const again = await roundTrip(`/auth/oidc/start?party=${await partyId('HONDA')}`, 'h-staff')
    expect((await me(sessionOf(again.setCookies) as string)).email).toBe('sso.staff@honda.example')
    const bound = await world.db
      .selectFrom('external_identities')
      .select(['subject'])
      .where('issuer', '=', honda.issuer)
      .execute()
    expect(bound.map((b) => b.subject).sort()).toEqual(['h-lead', 'h-staff'])
  })

  it("never signs into another party's account, whatever email the provider asserts", async () => {
    const before = await world.db
      .selectFrom('users')
      .select(['id', 'email', 'party_id'])
      .where('email', '=', 'lead@nissan.example')
      .executeTakeFirstOrThrow()
    const sessionsBefore = await world.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', before.id)
      .execute()
    const result = await roundTrip(`/auth/oidc/start?party=${await partyId('HONDA')}`, 'h-forger')
    expect(result.location).toBe('/sign-in?sso_error=email_in_use')
    expect(sessionOf(result.setCookies)).toBeNull()
    const sessionsAfter = await world.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', before.id)
      .execute()
    expect(sessionsAfter).toEqual(sessionsBefore)
    const links = await world.db
      .selectFrom('external_identities')
      .select('subject')
      .where('user_id', '=', before.id)
      .execute()
    expect(links).toEqual([])
    const last = await world.db
      .selectFrom('ledger_events')
      .select(['action', 'payload'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    expect(last.action).toBe('security.login_failed')
    expect(last.payload).toContain('oidc_email_in_use')
  })

  it('re-authenticates through the provider only as the same person', async () => {
    const first = await roundTrip(`/auth/oidc/start?party=${await partyId('HONDA')}`, 'h-lead')
    const cookie = sessionOf(first.setCookies) as string
    // Make the proof old, as it is five minutes later.
    const old = new Date(Date.now() - 3_600_000).toISOString()
    await world.db.updateTable('sessions').set({ authenticated_at: old }).execute()
    const other = await roundTrip('/auth/oidc/reauth?next=/decisions', 'h-staff', [cookie])
    expect(other.location).toBe('/decisions')
    expect((await me(cookie)).authentication.at).toBe(old)
    const same = await roundTrip('/auth/oidc/reauth?next=/decisions', 'h-lead', [cookie])
    expect(same.location).toBe('/decisions')
    const renewed = (await me(cookie)).authentication
    expect(Date.parse(renewed.at)).toBeGreaterThan(Date.now() - 60_000)
    expect(renewed).toMatchObject({ method: 'oidc', issuer: honda.issuer })
  })

  it("refuses password sign-in for a party that switched it off, and only that party's", async () => {
    const hondaAdmin = await world.as('admin@honda.example')
    await hondaAdmin.sso.configure({
      partyCode: 'HONDA',
      issuer: honda.issuer,
      clientId: honda.clientId,
      groupClaim: 'groups',
      passwordSignIn: false,
    })
    const anonymous = world.anonymous()
    const refused = await errorOf(
      anonymous.auth.login({ email: 'member@honda.example', password: DEMO_PASSWORD }),
    )
    expect(refused.code).toBe('UNAUTHORIZED')
    expect(refused.message).toContain('Sign in with Honda')
    await anonymous.auth.login({ email: 'member@nissan.example', password: DEMO_PASSWORD })
  })

  it('a new issuer clears the mapping in force until a second person confirms one', async () => {
    const hondaAdmin = await world.as('admin@honda.example')
    const result = await hondaAdmin.sso.configure({
      partyCode: 'HONDA',
      issuer: nissan.issuer,
      clientId: nissan.clientId,
      clientSecret: nissan.clientSecret,
      groupClaim: 'groups',
      passwordSignIn: true,
    })
    expect(result.mappingCleared).toBe(true)
    const read = await hondaAdmin.sso.provider({ partyCode: 'HONDA' })
    expect(read.provider?.mapping).toEqual([])
    // The old request cannot be confirmed any more.
    const lead = await world.as('lead@honda.example')
    expect((await errorOf(lead.sso.confirmMapping({ changeId }))).code).toBe('CONFLICT')
  })
})
