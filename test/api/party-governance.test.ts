/**
 * Each party governs its own people (issue 10, docs/decisions/0010-party-governance.md): the
 * outside test's forgery over HTTP, the cross-party cells for every admin procedure, the
 * two-person rule for power roles, the admission of an external auditor by every party, the
 * roster of power, and re-authentication before confirming.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/connect'
import { createApp } from '../../server/app'
import { refusalTotal } from '../../server/audit/refusals'
import { createSession } from '../../server/auth/session'
import { DEMO_PASSWORD, type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { databaseFingerprint } from '../helpers/fingerprint'
import { type DemoIndex, demoIndex, proposalInState } from '../helpers/workflow'

async function governanceFingerprint(db: Db) {
  const grants = await db.selectFrom('role_grants').select(['id', 'status']).orderBy('id').execute()
  const admissions = await db
    .selectFrom('auditor_admissions')
    .select(['id', 'status'])
    .orderBy('id')
    .execute()
  return { base: await databaseFingerprint(db), grants, admissions }
}

async function lastEvent(db: Db) {
  return db
    .selectFrom('ledger_events')
    .select(['action', 'actor_id', 'actor_party', 'payload'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
}

describe.each(DATABASE_KINDS)('each party governs its own people (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let app: ReturnType<typeof createApp>
  const ids = new Map<string, string>()
  const id = (email: string) => ids.get(email) as string

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    app = createApp({ db: world.db, config: testConfig() })
    for (const u of await world.db.selectFrom('users').select(['id', 'email']).execute())
      ids.set(u.email, u.id)
  })
  afterAll(() => world?.destroy())

  async function cookieFor(email: string): Promise<string> {
    const { token } = await createSession(
      world.db,
      id(email),
      { idleMs: 3_600_000, absoluteMs: 3_600_000 },
      { ip: null, userAgent: null },
    )
    return `concord_session=${token}`
  }

  /** A request over HTTP; the session is made before the caller takes its fingerprint. */
  async function post(cookie: string, path: string, input: unknown) {
    const res = await app.request(`/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(input),
    })
    const body = (await res.json()) as {
      result?: { data: unknown }
      error?: { message: string; data: { domainCode: string | null } }
    }
    return { status: res.status, body }
  }

  it("the outside test's forgery fails at its first step, and the ledger shows the refusal", async () => {
    const cookie = await cookieFor('admin@honda.example')
    const before = await governanceFingerprint(world.db)
    const refusalsBefore = await refusalTotal(
      world.db,
      id('admin@honda.example'),
      'admin.createUser',
    )
    const res = await post(cookie, 'admin.createUser', {
      email: 'fake.signer@nissan.example',
      name: 'Fake Signer',
      password: 'a long enough password',
      partyCode: 'NISSAN',
    })
    expect(res.status).toBe(403)
    expect(res.body.error?.message).toMatch(/people of HONDA only/)
    expect(await governanceFingerprint(world.db)).toEqual(before)
    const event = await lastEvent(world.db)
    expect(event).toMatchObject({
      action: 'security.access_denied',
      actor_id: id('admin@honda.example'),
      actor_party: 'HONDA',
    })
    expect(JSON.parse(event.payload).after).toMatchObject({ procedure: 'admin.createUser' })
    expect(await refusalTotal(world.db, id('admin@honda.example'), 'admin.createUser')).toBe(
      refusalsBefore + 1,
    )
    const created = await world.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'fake.signer@nissan.example')
      .executeTakeFirst()
    expect(created).toBeUndefined()
  })

  describe('cross-party cells: every admin procedure by each party’s admin on the other party’s people', () => {
    const sides = [
      { admin: 'admin@honda.example', own: 'HONDA', other: 'nissan', otherCode: 'NISSAN' },
      { admin: 'admin@nissan.example', own: 'NISSAN', other: 'honda', otherCode: 'HONDA' },
    ] as const
    it.each(sides)('$admin on $other people: refused, unchanged, recorded', async (side) => {
      const lead = id(`lead@${side.other}.example`)
      const engineer = id(`engineer@${side.other}.example`)
      const auditor = id(`auditor@${side.other}.example`)
      const cases: [string, unknown][] = [
        [
          'admin.createUser',
          {
            email: `forged.${side.own.toLowerCase()}@${side.other}.example`,
            name: 'Forged',
            password: 'a long enough password',
            partyCode: side.otherCode,
          },
        ],
        [
          'admin.setRoles',
          {
            partnershipId: world.partnershipId,
            userId: engineer,
            roles: ['member', 'partnership_lead'],
          },
        ],
        // Taking power away is refused too: the other party decides who works for it.
        ['admin.setRoles', { partnershipId: world.partnershipId, userId: lead, roles: ['member'] }],
        ['admin.setRoles', { partnershipId: world.partnershipId, userId: auditor, roles: [] }],
        ['admin.disableUser', { userId: lead }],
        ['admin.enableUser', { userId: lead }],
        ['admin.endSessions', { userId: lead }],
        [
          'admin.setWorkstreamPerson',
          { workstreamId: ix.workstream('WS-BAT'), userId: engineer, role: 'member' },
        ],
        [
          'admin.setWorkstreamPerson',
          {
            workstreamId: ix.workstream('WS-BAT'),
            userId: id(`battery.lead@${side.other}.example`),
            role: null,
          },
        ],
      ]
      // A live session of the other party's lead, which must survive.
      const leadCookie = await cookieFor(`lead@${side.other}.example`)
      for (const [path, input] of cases) {
        const cookie = await cookieFor(side.admin)
        const before = await governanceFingerprint(world.db)
        const recorded = await refusalTotal(world.db, id(side.admin), path)
        const res = await post(cookie, path, input)
        expect(res.status, `${path} ${JSON.stringify(input)}: ${res.body.error?.message}`).toBe(403)
        expect(await governanceFingerprint(world.db), `${path} changed something`).toEqual(before)
        // Recorded: as an event, or counted for the next one (at most one event a minute).
        expect(await refusalTotal(world.db, id(side.admin), path), `${path} not recorded`).toBe(
          recorded + 1,
        )
      }
      const me = await app.request('/trpc/auth.me', { headers: { cookie: leadCookie } })
      expect(me.status).toBe(200)
      // "Everyone" is the admin's own party only.
      await post(await cookieFor(side.admin), 'admin.endSessions', { userId: null })
      expect((await app.request('/trpc/auth.me', { headers: { cookie: leadCookie } })).status).toBe(
        200,
      )
    })
  })

  describe('two-person rule for power roles', () => {
    const GRANTEE = 'engineer@nissan.example'
    let proposalId: string

    async function signAs(email: string) {
      const caller = await world.as(email)
      const view = await caller.proposal.get({ proposalId })
      return caller.proposal.signOff({
        proposalId,
        expectedVersion: view.version,
        verdict: 'approve',
        rationale: '',
      })
    }

    beforeAll(async () => {
      const built = await proposalInState(world, ix, 'awaiting_signoff', {
        author: 'engineer@honda.example',
        reviewers: ['software.lead@honda.example', 'member@nissan.example'],
      })
      proposalId = built.id
    })

    it('a grant alone never lets its holder sign; only a second person of the party makes it real', async () => {
      const admin = await world.as('admin@nissan.example')
      const asked = await admin.admin.setRoles({
        partnershipId: world.partnershipId,
        userId: id(GRANTEE),
        roles: ['member', 'partnership_lead'],
      })
      expect(asked).toMatchObject({ roles: ['member'], pending: ['partnership_lead'] })
      await expect(signAs(GRANTEE)).rejects.toMatchObject({ code: 'FORBIDDEN' })

      const [grant] = await admin.people.pendingGrants({ partnershipId: world.partnershipId })
      expect(grant).toMatchObject({
        role: 'partnership_lead',
        user: { id: id(GRANTEE) },
        requestedBy: { id: id('admin@nissan.example') },
        canConfirm: false,
      })
      const grantId = grant?.id as string
      // The other party sees nothing to confirm, and cannot confirm.
      const honda = await world.as('lead@honda.example')
      expect(await honda.people.pendingGrants({ partnershipId: world.partnershipId })).toEqual([])
      await expect(honda.people.confirmGrant({ grantId })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      })
      await expect(
        (await world.as('admin@honda.example')).people.confirmGrant({ grantId }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' })
      // The requester cannot confirm their own request.
      await expect(admin.people.confirmGrant({ grantId })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/You asked for this grant/),
      })
      // A member of the party is not a confirmer.
      await expect(
        (await world.as('member@nissan.example')).people.confirmGrant({ grantId }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' })
      const stillPending = await world.db
        .selectFrom('role_grants')
        .select('status')
        .where('id', '=', grantId)
        .executeTakeFirstOrThrow()
      expect(stillPending.status).toBe('pending')
      await expect(signAs(GRANTEE)).rejects.toMatchObject({ code: 'FORBIDDEN' })

      // The second person: Nissan's partnership lead.
      const lead = await world.as('lead@nissan.example')
      const done = await lead.people.confirmGrant({ grantId })
      expect(done).toMatchObject({ role: 'partnership_lead', userId: id(GRANTEE) })
      const event = await lastEvent(world.db)
      expect(event.action).toBe('grant.confirmed')
      expect(JSON.parse(event.payload).after).toMatchObject({
        role: 'partnership_lead',
        requestedBy: id('admin@nissan.example'),
        authentication: { method: 'password' },
      })
      await expect(lead.people.confirmGrant({ grantId })).rejects.toMatchObject({
        code: 'CONFLICT',
      })

      // The roster shows the new signer to the other party at once, with who asked and confirmed.
      const roster = await (await world.as('member@honda.example')).people.roster({
        partnershipId: world.partnershipId,
      })
      const nissan = roster.parties.find((p) => p.code === 'NISSAN')
      expect(nissan?.holders).toContainEqual(
        expect.objectContaining({
          userId: id(GRANTEE),
          role: 'partnership_lead',
          requestedBy: expect.any(String),
          confirmedBy: expect.any(String),
          source: 'admin',
        }),
      )
      expect(JSON.stringify(roster)).not.toContain('@')
    })

    it('nobody confirms a grant to themselves', async () => {
      const admin = await world.as('admin@nissan.example')
      const { pending } = await admin.admin.setRoles({
        partnershipId: world.partnershipId,
        userId: id('lead@nissan.example'),
        roles: ['member', 'partnership_lead', 'admin'],
      })
      expect(pending).toEqual(['admin'])
      const lead = await world.as('lead@nissan.example')
      const [grant] = await lead.people.pendingGrants({ partnershipId: world.partnershipId })
      expect(grant).toMatchObject({ role: 'admin', canConfirm: false })
      await expect(
        lead.people.confirmGrant({ grantId: grant?.id as string }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/to themselves/),
      })
      // Withdrawn by the requester: nothing waits any more.
      await admin.people.cancelGrant({ grantId: grant?.id as string })
      expect(await lead.people.pendingGrants({ partnershipId: world.partnershipId })).toEqual([])
    })

    it('asks for a fresh authentication before confirming, and a password re-entry gives it', async () => {
      const admin = await world.as('admin@honda.example')
      await admin.admin.setRoles({
        partnershipId: world.partnershipId,
        userId: id('member@honda.example'),
        roles: ['member', 'workstream_lead'],
      })
      const aged = await world.as('lead@honda.example')
      // The lead's session proved who they are ten minutes ago.
      await world.db
        .updateTable('sessions')
        .set({ authenticated_at: new Date(Date.now() - 600_000).toISOString() })
        .where('user_id', '=', id('lead@honda.example'))
        .execute()
      const [next] = await aged.people.pendingGrants({ partnershipId: world.partnershipId })
      await expect(aged.people.confirmGrant({ grantId: next?.id as string })).rejects.toMatchObject(
        {
          code: 'PRECONDITION_FAILED',
          cause: { code: 'REAUTH_REQUIRED' },
        },
      )
      await expect(aged.auth.reauthenticate({ password: 'wrong password' })).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      })
      const { authentication } = await aged.auth.reauthenticate({ password: DEMO_PASSWORD })
      expect(authentication.method).toBe('password')
      expect(Date.now() - Date.parse(authentication.at)).toBeLessThan(60_000)
      expect((await lastEvent(world.db)).action).toBe('session.reauthenticated')
      expect(await aged.people.confirmGrant({ grantId: next?.id as string })).toMatchObject({
        role: 'workstream_lead',
      })
    })

    it('revoking is immediate: the signer cannot sign a moment later', async () => {
      const admin = await world.as('admin@nissan.example')
      const events = await world.db
        .selectFrom('ledger_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirstOrThrow()
      await admin.admin.setRoles({
        partnershipId: world.partnershipId,
        userId: id(GRANTEE),
        roles: ['member'],
      })
      await expect(signAs(GRANTEE)).rejects.toMatchObject({ code: 'FORBIDDEN' })
      const after = await world.db
        .selectFrom('ledger_events')
        .select('action')
        .where('seq', '>', Number(events.seq))
        .orderBy('seq')
        .execute()
      expect(after.map((e) => e.action)).toEqual(
        expect.arrayContaining(['grant.revoked', 'membership.roles_set']),
      )
      const grant = await world.db
        .selectFrom('role_grants')
        .select(['status', 'ended_by'])
        .where('user_id', '=', id(GRANTEE))
        .where('role', '=', 'partnership_lead')
        .where('status', '=', 'revoked')
        .executeTakeFirstOrThrow()
      expect(grant.ended_by).toBe(id('admin@nissan.example'))
      // Signing works for a lead whose power the party did confirm (the demo's, set up by the operator).
      expect((await signAs('battery.lead@nissan.example')).state).toBeDefined()
    })
  })

  describe('admission of an external auditor', () => {
    it('needs an admin or partnership lead of every party before the account is active', async () => {
      const hondaAdmin = await world.as('admin@honda.example')
      const asked = await hondaAdmin.admin.requestAuditorAdmission({
        partnershipId: world.partnershipId,
        email: 'reviewer@kpmg.example',
        name: 'Kim Reviewer',
        password: 'a long enough password',
      })
      expect(asked.status).toBe('pending')
      // Pending: cannot sign in.
      await expect(
        world
          .anonymous()
          .auth.login({ email: 'reviewer@kpmg.example', password: 'a long enough password' }),
      ).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
      // Honda has approved by asking; a second Honda approval is not the other party's.
      const hondaLead = await world.as('lead@honda.example')
      await expect(
        hondaLead.people.approveAdmission({ admissionId: asked.admissionId }),
      ).rejects.toMatchObject({ code: 'CONFLICT' })
      // Nor can an admin enable the waiting account around the admission.
      await expect(hondaAdmin.admin.enableUser({ userId: asked.userId })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      })
      const nissanLead = await world.as('lead@nissan.example')
      const [waiting] = await nissanLead.people.admissions({ partnershipId: world.partnershipId })
      expect(waiting).toMatchObject({ approvedBy: ['HONDA'], canApprove: true })
      await expect(
        (await world.as('member@nissan.example')).people.approveAdmission({
          admissionId: asked.admissionId,
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' })
      const approved = await nissanLead.people.approveAdmission({ admissionId: asked.admissionId })
      expect(approved.status).toBe('admitted')
      const signedIn = await world
        .anonymous()
        .auth.login({ email: 'reviewer@kpmg.example', password: 'a long enough password' })
      expect(signedIn.user.roles[world.partnershipId]).toEqual(['auditor'])
      const roster = await nissanLead.people.roster({ partnershipId: world.partnershipId })
      const external = roster.parties.find((p) => p.code === null)
      expect(external?.holders.map((h) => h.name)).toContain('Kim Reviewer')
      // Either party may take the external auditor's access away at once.
      await (await world.as('admin@nissan.example')).admin.disableUser({ userId: asked.userId })
      await expect(hondaAdmin.admin.enableUser({ userId: asked.userId })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      })
    })
  })

  it('keeps the demo accounts working, and sets up the roster from the operator', async () => {
    const roster = await (await world.as('auditor@external-audit.example')).people.roster({
      partnershipId: world.partnershipId,
    })
    const honda = roster.parties.find((p) => p.code === 'HONDA')
    expect(honda?.holders).toContainEqual(
      expect.objectContaining({
        name: 'Takeshi Mori',
        role: 'partnership_lead',
        source: 'operator',
      }),
    )
  })
})
