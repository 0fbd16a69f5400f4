import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Db, writeTransaction } from '../../db/connect'
import { createApp } from '../../server/app'
import { SYSTEM_ACTOR } from '../../server/audit/ledger'
import { refusalTotal } from '../../server/audit/refusals'
import { createSession } from '../../server/auth/session'
import { createUser } from '../../server/domain/users'
import {
  anonymousContext,
  callerFor,
  DEMO_PASSWORD,
  type DemoWorld,
  demoWorld,
  testConfig,
} from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'

async function headSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}

async function eventsAfter(db: Db, seq: number) {
  const rows = await db
    .selectFrom('ledger_events')
    .selectAll()
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }))
}

describe.each(DATABASE_KINDS)('user administration (%s)', (kind) => {
  let world: DemoWorld
  let ids: Map<string, string>
  let workstreams: Map<string, string>
  beforeAll(async () => {
    world = await demoWorld(kind)
    const users = await world.db.selectFrom('users').select(['id', 'email']).execute()
    ids = new Map(users.map((u) => [u.email, u.id]))
    const ws = await world.db.selectFrom('workstreams').select(['id', 'code']).execute()
    workstreams = new Map(ws.map((w) => [w.code, w.id]))
  })
  afterAll(() => world.destroy())

  const id = (email: string) => ids.get(email) as string

  /** Runs a call and returns the ledger events it appended. */
  async function appended(work: () => Promise<unknown>) {
    const before = await headSeq(world.db)
    await work()
    return eventsAfter(world.db, before)
  }

  /** Runs a call that must fail and returns the error and the ledger events it appended. */
  async function refused(work: () => Promise<unknown>) {
    const before = await headSeq(world.db)
    const error = await work().then(
      () => {
        throw new Error('expected the call to be refused')
      },
      (e: unknown) => e as { code: string; message: string; cause?: unknown },
    )
    return { error, events: await eventsAfter(world.db, before) }
  }

  async function httpAs(email: string) {
    const session = await createSession(
      world.db,
      id(email),
      { idleMs: 60_000, absoluteMs: 60_000 },
      { ip: null, userAgent: null },
    )
    const app = createApp({ db: world.db, config: testConfig() })
    return (procedure: string, input: unknown) =>
      app.request(`/trpc/${procedure}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `concord_session=${session.token}`,
        },
        body: JSON.stringify(input),
      })
  }

  describe('createUser', () => {
    it('creates an account with an argon2id hash at the OWASP parameters and records user.created', async () => {
      const admin = await world.as('admin@honda.example')
      let created = { id: '' }
      const events = await appended(async () => {
        created = await admin.admin.createUser({
          email: '  New.Planner@Honda.example ',
          name: 'Yuto Planner',
          password: 'correct horse battery',
          partyCode: 'HONDA',
          locale: 'ja',
        })
      })
      const row = await world.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({
        email: 'new.planner@honda.example',
        name: 'Yuto Planner',
        status: 'active',
        locale: 'ja',
        disabled_at: null,
      })
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[^$]+\$[^$]+$/)
      expect(row.password_hash).not.toContain('correct horse')

      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({
        action: 'user.created',
        entity_type: 'user',
        entity_id: created.id,
        actor_id: id('admin@honda.example'),
        actor_party: 'HONDA',
        partnership_id: null,
        payload: {
          before: null,
          after: {
            email: 'new.planner@honda.example',
            name: 'Yuto Planner',
            party: 'HONDA',
            locale: 'ja',
            status: 'active',
          },
        },
      })
      expect(JSON.stringify(events[0])).not.toContain('argon2')
      expect(JSON.stringify(events[0])).not.toContain('correct horse')

      // The new account can sign in.
      const signedIn = await callerFor({
        ...anonymousContext(world.db),
        ip: '198.51.100.77',
      }).auth.login({ email: 'new.planner@honda.example', password: 'correct horse battery' })
      expect(signedIn.user.id).toBe(created.id)
    })

    it('refuses a person of no party or of another party: those come from elsewhere', async () => {
      const admin = await world.as('admin@nissan.example')
      const recorded = () => refusalTotal(world.db, id('admin@nissan.example'), 'admin.createUser')
      const before = await recorded()
      const external = await refused(() =>
        admin.admin.createUser({
          email: 'second.auditor@external-audit.example',
          name: 'Outside Auditor',
          password: 'an external long password',
          partyCode: null,
        }),
      )
      expect(external.error.code).toBe('FORBIDDEN')
      expect(external.error.message).toMatch(/admitted only when every party approves/)
      expect(external.events.every((e) => e.action === 'security.access_denied')).toBe(true)
      expect(await recorded()).toBe(before + 1)
      const foreign = await refused(() =>
        admin.admin.createUser({
          email: 'fake.signer@honda.example',
          name: 'Fake Signer',
          password: 'an external long password',
          partyCode: 'HONDA',
        }),
      )
      expect(foreign.error.code).toBe('FORBIDDEN')
      expect(foreign.error.message).toMatch(/people of NISSAN only/)
      expect(foreign.events.every((e) => e.action === 'security.access_denied')).toBe(true)
      expect(await recorded()).toBe(before + 2)
      const rows = await world.db
        .selectFrom('users')
        .select('id')
        .where('email', 'in', [
          'second.auditor@external-audit.example',
          'fake.signer@honda.example',
        ])
        .execute()
      expect(rows).toEqual([])
    })

    it('refuses a duplicate email (in any case) with CONFLICT naming the email, and records nothing', async () => {
      const admin = await world.as('admin@honda.example')
      const { error, events } = await refused(() =>
        admin.admin.createUser({
          email: 'Member@Honda.Example',
          name: 'Copy',
          password: 'a perfectly fine password',
          partyCode: 'HONDA',
        }),
      )
      expect(error).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('member@honda.example'),
      })
      expect(events).toEqual([])
    })

    it('refuses a short password with BAD_REQUEST naming the password field', async () => {
      const admin = await world.as('admin@honda.example')
      const { error, events } = await refused(() =>
        admin.admin.createUser({
          email: 'short@honda.example',
          name: 'Short',
          password: 'elevenchars',
          partyCode: 'HONDA',
        }),
      )
      expect(error.code).toBe('BAD_REQUEST')
      expect(JSON.stringify((error.cause as { issues: unknown }).issues)).toContain('password')
      expect(events).toEqual([])

      // Over HTTP the message a person reads names the field and the rule.
      const post = await httpAs('admin@honda.example')
      const res = await post('admin.createUser', {
        email: 'short@honda.example',
        name: 'Short',
        password: 'elevenchars',
        partyCode: 'HONDA',
      })
      expect(res.status).toBe(400)
      const body = (await res.json()) as {
        error: { message: string; data: { field: string; code: string } }
      }
      expect(body.error.message).toBe('password: must be at least 12 characters')
      expect(body.error.data).toMatchObject({ code: 'BAD_REQUEST', field: 'password' })
    })

    it('refuses an unknown party and a malformed email, naming the field', async () => {
      const admin = await world.as('admin@honda.example')
      const party = await refused(() =>
        admin.admin.createUser({
          email: 'party@honda.example',
          name: 'Party',
          password: 'a perfectly fine password',
          partyCode: 'TOYOTA',
        }),
      )
      expect(party.error).toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('TOYOTA'),
      })
      expect((party.error.cause as { field?: string }).field).toBe('partyCode')

      const post = await httpAs('admin@honda.example')
      const res = await post('admin.createUser', {
        email: 'not an email',
        name: 'X',
        password: 'a perfectly fine password',
        partyCode: 'HONDA',
      })
      expect(res.status).toBe(400)
      const body = (await res.json()) as { error: { message: string; data: { field: string } } }
      expect(body.error.message).toBe('email: must be an email address')
      expect(body.error.data.field).toBe('email')
    })

    it('refuses a non-admin with FORBIDDEN and records the refusal as security.access_denied', async () => {
      const lead = await world.as('lead@nissan.example')
      const { error, events } = await refused(() =>
        lead.admin.createUser({
          email: 'sneaky@nissan.example',
          name: 'Sneaky',
          password: 'a perfectly fine password',
          partyCode: 'NISSAN',
        }),
      )
      expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'This needs the admin role.' })
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({
        action: 'security.access_denied',
        actor_id: id('lead@nissan.example'),
        actor_party: 'NISSAN',
        entity_id: id('lead@nissan.example'),
        payload: { after: { procedure: 'admin.createUser', type: 'mutation' } },
      })
      const row = await world.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'sneaky@nissan.example')
        .executeTakeFirst()
      expect(row).toBeUndefined()
    })

    it('keeps every admin procedure from auditors and members', async () => {
      for (const email of ['auditor@honda.example', 'member@nissan.example']) {
        const caller = await world.as(email)
        const userId = id('engineer@nissan.example')
        const attempts = [
          () => caller.admin.listUsers({}),
          () => caller.admin.disableUser({ userId }),
          () => caller.admin.enableUser({ userId }),
          () =>
            caller.admin.setRoles({
              partnershipId: world.partnershipId,
              userId,
              roles: ['admin'],
            }),
          () =>
            caller.admin.setWorkstreamPerson({
              workstreamId: workstreams.get('WS-BAT') as string,
              userId,
              role: 'member',
            }),
        ]
        for (const attempt of attempts) {
          const { error, events } = await refused(attempt)
          expect(error.code).toBe('FORBIDDEN')
          expect(events.map((e) => e.action)).toEqual(['security.access_denied'])
        }
      }
    })
  })

  describe('setRoles', () => {
    it('replaces the roles in one partnership and records before and after', async () => {
      const admin = await world.as('admin@nissan.example')
      const userId = id('engineer@nissan.example')
      const events = await appended(() =>
        admin.admin.setRoles({
          partnershipId: world.partnershipId,
          userId,
          roles: ['workstream_lead', 'member', 'member'],
        }),
      )
      // A power role waits for a second person of the party (people.confirmGrant).
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({
        action: 'grant.requested',
        partnership_id: world.partnershipId,
        entity_type: 'user',
        entity_id: userId,
        payload: { before: null, after: { role: 'workstream_lead' } },
      })
      const grantId = (events[0]?.payload.after as { grantId: string } | undefined)
        ?.grantId as string
      const engineer = await world.as('engineer@nissan.example')
      expect((await engineer.auth.me()).roles[world.partnershipId]).toEqual(['member'])
      const lead = await world.as('lead@nissan.example')
      const confirmed = await appended(() => lead.people.confirmGrant({ grantId }))
      expect(confirmed.map((e) => [e.action, e.payload.before])).toEqual([
        ['grant.confirmed', { roles: ['member'] }],
      ])
      expect(
        (await (await world.as('engineer@nissan.example')).auth.me()).roles[
          world.partnershipId
        ]?.sort(),
      ).toEqual(['member', 'workstream_lead'])

      // The same roles again change nothing and record nothing.
      const again = await appended(() =>
        admin.admin.setRoles({
          partnershipId: world.partnershipId,
          userId,
          roles: ['member', 'workstream_lead'],
        }),
      )
      expect(again).toEqual([])
    })

    it('takes a lead off the lead seat of their workstreams when the lead role goes', async () => {
      const admin = await world.as('admin@honda.example')
      const userId = id('battery.lead@honda.example')
      await admin.admin.setRoles({ partnershipId: world.partnershipId, userId, roles: ['member'] })
      const seat = await world.db
        .selectFrom('workstream_people')
        .select('role')
        .where('user_id', '=', userId)
        .where('workstream_id', '=', workstreams.get('WS-BAT') as string)
        .executeTakeFirstOrThrow()
      expect(seat.role).toBe('member')
      const { pending } = await admin.admin.setRoles({
        partnershipId: world.partnershipId,
        userId,
        roles: ['member', 'workstream_lead'],
      })
      expect(pending).toEqual(['workstream_lead'])
      const lead = await world.as('lead@honda.example')
      const [grant] = await lead.people.pendingGrants({ partnershipId: world.partnershipId })
      expect(grant).toMatchObject({
        role: 'workstream_lead',
        user: { id: userId },
        canConfirm: true,
      })
      await lead.people.confirmGrant({ grantId: grant?.id as string })
      await admin.admin.setWorkstreamPerson({
        workstreamId: workstreams.get('WS-BAT') as string,
        userId,
        role: 'lead',
      })
    })

    it('refuses an admin changing their own roles, and records the refusal', async () => {
      const admin = await world.as('admin@honda.example')
      const { error, events } = await refused(() =>
        admin.admin.setRoles({
          partnershipId: world.partnershipId,
          userId: id('admin@honda.example'),
          roles: ['admin', 'partnership_lead'],
        }),
      )
      expect(error).toMatchObject({
        code: 'FORBIDDEN',
        message: 'You cannot change your own roles; ask another admin.',
      })
      expect(events.map((e) => [e.action, e.payload.after])).toEqual([
        ['security.access_denied', { procedure: 'admin.setRoles', type: 'mutation' }],
      ])
      const roles = await world.db
        .selectFrom('memberships')
        .select('role')
        .where('user_id', '=', id('admin@honda.example'))
        .execute()
      expect(roles.map((r) => r.role)).toEqual(['admin'])
    })

    it('never gives an external person power alone; admission needs every party', async () => {
      const admin = await world.as('admin@honda.example')
      const userId = id('auditor@external-audit.example')
      const before = await refusalTotal(world.db, id('admin@honda.example'), 'admin.setRoles')
      const { error, events } = await refused(() =>
        admin.admin.setRoles({
          partnershipId: world.partnershipId,
          userId,
          roles: ['auditor', 'member'],
        }),
      )
      expect(error.code).toBe('FORBIDDEN')
      expect(events.every((e) => e.action === 'security.access_denied')).toBe(true)
      expect(await refusalTotal(world.db, id('admin@honda.example'), 'admin.setRoles')).toBe(
        before + 1,
      )
    })

    it('answers NOT_FOUND for an unknown user and for a partnership the admin is not in', async () => {
      const admin = await world.as('admin@honda.example')
      await expect(
        admin.admin.setRoles({
          partnershipId: world.partnershipId,
          userId: randomUUID(),
          roles: ['auditor'],
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' })
      await expect(
        admin.admin.setRoles({
          partnershipId: randomUUID(),
          userId: id('member@honda.example'),
          roles: ['auditor'],
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such partnership.' })
    })
  })

  describe('disableUser and enableUser', () => {
    it('disables and enables, recording each change once', async () => {
      const admin = await world.as('admin@honda.example')
      const userId = id('engineer@honda.example')
      const disabled = await appended(() => admin.admin.disableUser({ userId }))
      expect(disabled.map((e) => [e.action, e.entity_id, e.payload])).toEqual([
        ['user.disabled', userId, { before: { status: 'active' }, after: { status: 'disabled' } }],
      ])
      const row = await world.db
        .selectFrom('users')
        .select(['status', 'disabled_at'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('disabled')
      expect(row.disabled_at).not.toBeNull()

      // Disabling again is no change and records nothing.
      expect(await appended(() => admin.admin.disableUser({ userId }))).toEqual([])

      const enabled = await appended(() => admin.admin.enableUser({ userId }))
      expect(enabled.map((e) => e.action)).toEqual(['user.enabled'])
      const back = await world.db
        .selectFrom('users')
        .select(['status', 'disabled_at'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
      expect(back).toEqual({ status: 'active', disabled_at: null })
    })

    it('refuses an admin disabling their own account, and an unknown user', async () => {
      const admin = await world.as('admin@nissan.example')
      const own = await refused(() =>
        admin.admin.disableUser({ userId: id('admin@nissan.example') }),
      )
      expect(own.error.code).toBe('FORBIDDEN')
      expect(own.events.map((e) => e.action)).toEqual(['security.access_denied'])
      await expect(admin.admin.disableUser({ userId: randomUUID() })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      })
    })
  })

  describe('setWorkstreamPerson', () => {
    it('adds a member, makes a lead, removes, and records each change', async () => {
      const admin = await world.as('admin@honda.example')
      const workstreamId = workstreams.get('WS-SW') as string
      const userId = id('engineer@honda.example')
      const add = await appended(() =>
        admin.admin.setWorkstreamPerson({ workstreamId, userId, role: 'member' }),
      )
      expect(add).toHaveLength(1)
      expect(add[0]).toMatchObject({
        action: 'workstream.person_set',
        entity_type: 'workstream',
        entity_id: workstreamId,
        partnership_id: world.partnershipId,
        payload: { before: { userId, role: null }, after: { userId, role: 'member' } },
      })
      const member = await world.as('member@honda.example')
      const ws = await member.workstream.get({ workstreamId })
      expect(ws.members.map((m) => m.id)).toContain(userId)

      // A lead needs the workstream-lead role first.
      const lead = await refused(() =>
        admin.admin.setWorkstreamPerson({ workstreamId, userId, role: 'lead' }),
      )
      expect(lead.error.code).toBe('BAD_REQUEST')
      expect((lead.error.cause as { field?: string }).field).toBe('role')
      expect(lead.events).toEqual([])

      const remove = await appended(() =>
        admin.admin.setWorkstreamPerson({ workstreamId, userId, role: null }),
      )
      expect(remove.map((e) => [e.action, e.payload.after])).toEqual([
        ['workstream.person_removed', { userId, role: null }],
      ])
      // Removing someone who is not there is no change.
      expect(
        await appended(() => admin.admin.setWorkstreamPerson({ workstreamId, userId, role: null })),
      ).toEqual([])
    })

    it('refuses someone who is not a participant of the partnership', async () => {
      const admin = await world.as('admin@honda.example')
      const { error, events } = await refused(() =>
        admin.admin.setWorkstreamPerson({
          workstreamId: workstreams.get('WS-BAT') as string,
          userId: id('auditor@honda.example'),
          role: 'member',
        }),
      )
      expect(error.code).toBe('BAD_REQUEST')
      expect((error.cause as { field?: string }).field).toBe('userId')
      expect(events).toEqual([])
    })

    it('answers NOT_FOUND to an admin of another partnership and for an unknown workstream', async () => {
      // A second partnership with an admin of its own.
      const otherId = randomUUID()
      await world.db
        .insertInto('partnerships')
        .values({
          id: otherId,
          slug: `other-${otherId}`,
          name: 'Other alliance',
          description: '',
          status: 'active',
          charter_version: 1,
          approval_policy: '{}',
          next_proposal_number: 1,
          next_decision_number: 1,
          created_at: new Date().toISOString(),
        })
        .execute()
      const root = await world.as('admin@honda.example')
      // Set up by the operator (a person of no party here): the API makes no one without a party.
      const other = await writeTransaction(world.db, (trx) =>
        createUser(trx, SYSTEM_ACTOR, {
          email: 'admin@other.example',
          name: 'Other Admin',
          password: 'another long password',
          partyCode: null,
        }),
      )
      await world.db
        .insertInto('memberships')
        .values({
          partnership_id: otherId,
          user_id: other.id,
          role: 'admin',
          created_at: new Date().toISOString(),
        })
        .execute()
      ids.set('admin@other.example', other.id)
      const stranger = await world.as('admin@other.example')
      await expect(
        stranger.admin.setWorkstreamPerson({
          workstreamId: workstreams.get('WS-BAT') as string,
          userId: id('engineer@honda.example'),
          role: 'member',
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such workstream.' })
      await expect(
        stranger.admin.setRoles({
          partnershipId: world.partnershipId,
          userId: id('engineer@honda.example'),
          roles: ['admin'],
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' })
      // Nor can they read the other partnership: it does not exist for them.
      await expect(
        stranger.charter.get({ partnershipId: world.partnershipId }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such partnership.' })
      await expect(
        stranger.workstream.get({ workstreamId: workstreams.get('WS-BAT') as string }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such workstream.' })
      expect((await stranger.partnership.list()).map((p) => p.id)).toEqual([otherId])
      await expect(
        root.admin.setWorkstreamPerson({
          workstreamId: randomUUID(),
          userId: id('engineer@honda.example'),
          role: 'member',
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    })
  })

  describe('listUsers', () => {
    it("pages through the admin's own party's accounts by email, filters by text and by partnership", async () => {
      const admin = await world.as('admin@honda.example')
      const first = await admin.admin.listUsers({ limit: 4 })
      expect(first.items).toHaveLength(4)
      expect(first.nextCursor).not.toBeNull()
      const second = await admin.admin.listUsers({ limit: 4, cursor: first.nextCursor })
      const emails = [...first.items, ...second.items].map((u) => u.email)
      expect(emails).toEqual([...emails].sort())
      expect(new Set(emails).size).toBe(8)
      expect(emails.every((e) => e.endsWith('@honda.example'))).toBe(true)
      const admin1 = first.items.find((u) => u.email === 'admin@honda.example')
      expect(admin1).toMatchObject({
        partyCode: 'HONDA',
        status: 'active',
        roles: { [world.partnershipId]: ['admin'] },
      })
      for (const user of first.items) {
        expect(Object.keys(user).sort()).toEqual(
          ['createdAt', 'email', 'id', 'locale', 'name', 'partyCode', 'roles', 'status'].sort(),
        )
      }

      // Another party's people are not the admin's to manage: they are not listed.
      expect((await admin.admin.listUsers({ query: 'NISSAN.EX' })).items).toEqual([])
      const found = await admin.admin.listUsers({ query: 'HONDA.EX' })
      expect(found.items.length).toBeGreaterThan(0)
      expect(found.items.every((u) => u.email.endsWith('@honda.example'))).toBe(true)
      // % and _ are taken literally, not as wildcards.
      expect((await admin.admin.listUsers({ query: '%' })).items).toEqual([])
      await admin.admin.createUser({
        email: 'under_score@honda.example',
        name: '100% Sure',
        password: 'a perfectly fine password',
        partyCode: 'HONDA',
      })
      const underscore = await admin.admin.listUsers({ query: 'under_s' })
      expect(underscore.items.map((u) => u.email)).toEqual(['under_score@honda.example'])
      const percent = await admin.admin.listUsers({ query: '100%' })
      expect(percent.items.map((u) => u.email)).toEqual(['under_score@honda.example'])
      expect((await admin.admin.listUsers({ query: 'under%s' })).items).toEqual([])

      const inDemo = await admin.admin.listUsers({ partnershipId: world.partnershipId, limit: 100 })
      expect(inDemo.items.map((u) => u.email)).toContain('lead@honda.example')
      expect(inDemo.items.map((u) => u.email)).not.toContain('auditor@external-audit.example')
      expect(inDemo.items.map((u) => u.email)).not.toContain('lead@nissan.example')
    })

    it('refuses a cursor it did not give out, naming the field', async () => {
      const admin = await world.as('admin@honda.example')
      const { error } = await refused(() => admin.admin.listUsers({ cursor: 'garbage' }))
      expect(error.code).toBe('BAD_REQUEST')
      expect((error.cause as { field?: string }).field).toBe('cursor')
    })
  })

  it('signs in with the demo password still working for an untouched account', async () => {
    const login = await callerFor({ ...anonymousContext(world.db), ip: '198.51.100.78' })
    const result = await login.auth.login({ email: 'lead@nissan.example', password: DEMO_PASSWORD })
    expect(result.user.email).toBe('lead@nissan.example')
  })
})
