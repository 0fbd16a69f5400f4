/**
 * Grounded concerns (issue 14, ADR 0031): a concern states its grounds (a current charter item, a
 * policy clause, or other in words) and what would resolve it, refused clearly otherwise; it stays
 * open across revisions until resolved; when its raiser leaves (account disabled, or no role that
 * lets them take part), it passes to their own party's partnership leads in the same transaction,
 * the waits rule names those leads, they can resolve it, and the other party cannot. Concerns
 * older than grounds still show and resolve.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { createSession } from '../../server/auth/session'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  ledgerRows,
  proposalInState,
  refusal,
} from '../helpers/workflow'

const REVIEWERS = ['engineer@honda.example', 'engineer@nissan.example']

describe.each(DATABASE_KINDS)('grounded concerns (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
  })
  afterAll(() => world?.destroy())

  const as = (email: string) => world.as(email)
  const inReview = () =>
    proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      reviewers: REVIEWERS,
    })
  const view = async (id: string, email = 'member@honda.example') =>
    (await as(email)).proposal.get({ proposalId: id })

  async function raise(
    email: string,
    id: string,
    grounds: { kind: 'charter_item' | 'policy_clause' | 'other'; ref?: string; text?: string },
    resolvesWhen = 'Say who carries the risk above 40 GWh.',
  ) {
    const caller = await as(email)
    return caller.proposal.raiseConcern({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      title: 'Volume risk',
      rationale: 'Who carries the risk if the tender fails?',
      grounds,
      resolvesWhen,
    })
  }

  async function resolve(email: string, id: string, concernId: string) {
    const caller = await as(email)
    return caller.proposal.resolveConcern({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      concernId,
      resolution: 'Answered in the text.',
    })
  }

  async function httpAs(email: string) {
    const session = await createSession(
      world.db,
      ix.user(email),
      { idleMs: 60_000, absoluteMs: 60_000 },
      { ip: null, userAgent: null },
    )
    const app = createApp({ db: world.db, config: testConfig() })
    return async (procedure: string, input: unknown) => {
      const res = await app.request(`/trpc/${procedure}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `concord_session=${session.token}`,
        },
        body: JSON.stringify(input),
      })
      return {
        status: res.status,
        body: (await res.json()) as {
          error?: { data: { field: string | null; rule: { name: string } | null } }
        },
      }
    }
  }

  it('refuses a concern without grounds or without what would resolve it, naming the field and rule over HTTP', async () => {
    const { id } = await inReview()
    const post = await httpAs('engineer@nissan.example')
    const base = {
      proposalId: id,
      expectedVersion: await currentVersion(await as('engineer@nissan.example'), id),
      title: 'Volume risk',
      rationale: 'Who carries the risk?',
      resolvesWhen: 'An answer.',
    }
    const cases: [unknown, string, string][] = [
      [{ ...base, grounds: { kind: 'other', text: '' } }, 'grounds.text', 'required'],
      [{ ...base, grounds: { kind: 'charter_item', ref: '' } }, 'grounds.ref', 'required'],
      [{ ...base, grounds: { kind: 'policy_clause', ref: '' } }, 'grounds.ref', 'required'],
      [
        { ...base, grounds: { kind: 'policy_clause', ref: 'whatever_suits' } },
        'grounds.ref',
        'unknownPolicyClause',
      ],
      [
        { ...base, grounds: { kind: 'charter_item', ref: 'XX-99' } },
        'grounds.ref',
        'unknownCharterItem',
      ],
      [
        { ...base, grounds: { kind: 'other', text: 'Risk' }, resolvesWhen: '  ' },
        'resolvesWhen',
        'required',
      ],
    ]
    for (const [input, field, rule] of cases) {
      const res = await post('proposal.raiseConcern', input)
      expect(res.status, JSON.stringify(input)).toBe(400)
      expect(res.body.error?.data).toMatchObject({ field, rule: { name: rule } })
    }
    // No grounds at all is refused too, naming the field.
    const missing = await post('proposal.raiseConcern', base)
    expect(missing.status).toBe(400)
    expect(missing.body.error?.data.field).toBe('grounds')
    // Nothing was raised.
    expect((await view(id)).concerns).toEqual([])
  })

  it('records a charter item, a policy clause or other grounds, and what would resolve each, in the view and the ledger', async () => {
    const { id } = await inReview()
    const onItem = await raise('engineer@nissan.example', id, {
      kind: 'charter_item',
      ref: 'AREA-2',
      text: 'Pooling goes beyond the cells the area names.',
    })
    await raise('engineer@honda.example', id, { kind: 'policy_clause', ref: 'impact_statements' })
    await raise('member@nissan.example', id, { kind: 'other', text: 'Timing of the tender' })
    const v = await view(id, 'lead@nissan.example')
    expect(v.concerns.map((c) => [c.grounds.kind, c.grounds.ref, c.groundsStated])).toEqual([
      ['charter_item', 'AREA-2', true],
      ['policy_clause', 'impact_statements', true],
      ['other', '', true],
    ])
    expect(v.concerns[0]).toMatchObject({
      grounds: {
        text: 'Pooling goes beyond the cells the area names.',
        item: { code: 'AREA-2', kind: 'area', title: 'Battery sharing and joint procurement' },
      },
      resolvesWhen: 'Say who carries the risk above 40 GWh.',
      heldBy: 'raiser',
      revision: 1,
    })
    expect(v.concerns[2]?.grounds).toMatchObject({ text: 'Timing of the tender', item: null })
    const event = (await ledgerRows(world.db)).find(
      (e) => e.action === 'concern.raised' && e.payload?.includes(onItem.concernId),
    )
    expect(JSON.parse(event?.payload as string).after).toMatchObject({
      concernId: onItem.concernId,
      grounds: { kind: 'charter_item', ref: 'AREA-2' },
      resolvesWhen: 'Say who carries the risk above 40 GWh.',
    })
  })

  it('stays open and blocking across revisions until resolved, showing the revision it was raised on', async () => {
    const { id } = await inReview()
    const { concernId } = await raise('engineer@nissan.example', id, {
      kind: 'charter_item',
      ref: 'CON-1',
    })
    const author = await as('member@honda.example')
    for (const body of ['Second revision.', 'Third revision.']) {
      const current = await author.proposal.get({ proposalId: id })
      await author.proposal.revise({
        proposalId: id,
        expectedVersion: current.version,
        note: 'Revised',
        content: { ...current.revision, body },
      })
    }
    // Both parties approve revision 3: the concern raised on revision 1 still holds it in review.
    for (const email of REVIEWERS) {
      const caller = await as(email)
      await caller.proposal.review({
        proposalId: id,
        expectedVersion: await currentVersion(caller, id),
        verdict: 'approve',
        comment: '',
      })
    }
    let v = await view(id)
    expect(v.currentRevision).toBe(3)
    expect(v.state).toBe('in_review')
    expect(v.concerns).toMatchObject([{ id: concernId, status: 'open', revision: 1 }])
    const resolved = await resolve('engineer@nissan.example', id, concernId)
    expect(resolved).toMatchObject({ state: 'awaiting_signoff', override: false })
    v = await view(id)
    expect(v.concerns).toMatchObject([{ id: concernId, status: 'resolved', revision: 1 }])
  })

  it('passes to the leads of the raiser’s party when the raiser’s account is disabled, in the same transaction, and only they resolve it', async () => {
    const { id } = await inReview()
    const { concernId } = await raise('engineer@nissan.example', id, {
      kind: 'policy_clause',
      ref: 'review_threshold',
    })
    const versionBefore = (await view(id)).version
    const admin = await as('admin@nissan.example')
    await admin.admin.disableUser({ userId: ix.user('engineer@nissan.example') })
    try {
      // One transaction: the handover events (this raiser's open concerns, this one among them)
      // follow the account's straight away, nothing in between.
      const rows = await ledgerRows(world.db)
      const disabled = rows.findLast((e) => e.action === 'user.disabled')
      const handed = rows.find(
        (e) => e.action === 'concern.handed_over' && e.payload?.includes(concernId),
      )
      if (!disabled || !handed) throw new Error('no user.disabled or concern.handed_over event')
      expect(handed.seq).toBeGreaterThan(disabled.seq)
      expect(
        rows.filter((e) => e.seq > disabled.seq && e.seq <= handed.seq).map((e) => e.action),
      ).toEqual(Array(handed.seq - disabled.seq).fill('concern.handed_over'))
      expect(handed?.actor_id).toBe(ix.user('admin@nissan.example'))
      expect(JSON.parse(handed?.payload as string)).toMatchObject({
        before: { concernId, heldBy: 'raiser', raisedBy: ix.user('engineer@nissan.example') },
        after: { concernId, heldBy: 'party_leads', party: 'NISSAN', reason: 'account_disabled' },
      })

      // Both parties see who holds it now, and why; the proposal's version moved.
      for (const email of ['member@honda.example', 'lead@nissan.example']) {
        const v = await view(id, email)
        expect(v.version).toBe(versionBefore + 1)
        expect(v.concerns[0]).toMatchObject({
          status: 'open',
          heldBy: 'party_leads',
          handedOverReason: 'account_disabled',
          party: 'NISSAN',
          raisedBy: { name: expect.any(String) },
        })
      }
      // Nissan's partnership leads are told, in the same transaction; nobody of Honda is.
      const told = await world.db
        .selectFrom('notifications')
        .select('recipient_id')
        .where('proposal_id', '=', id)
        .where('kind', '=', 'wait.owned')
        .execute()
      expect(told.map((n) => n.recipient_id)).toEqual([ix.user('lead@nissan.example')])
      // The waits rule: the wait is owned by Nissan's partnership leads, never by Honda's.
      const nissanInbox = await (await as('lead@nissan.example')).inbox.get({
        partnershipId: world.partnershipId,
      })
      const held = nissanInbox.helpWanted.find((i) => i.id === id)
      expect(held?.reasons).toEqual(['concern_held'])
      expect(held?.waits).toMatchObject([
        { kind: 'concern_open', concernId, heldByLeads: true, action: 'resolve_concern' },
      ])
      const hondaInbox = await (await as('lead@honda.example')).inbox.get({
        partnershipId: world.partnershipId,
      })
      expect(hondaInbox.helpWanted.some((i) => i.id === id)).toBe(false)
      // A Nissan workstream lead is not a partnership lead: not theirs either.
      const wsLeadInbox = await (await as('battery.lead@nissan.example')).inbox.get({
        partnershipId: world.partnershipId,
      })
      expect(wsLeadInbox.helpWanted.some((i) => i.id === id)).toBe(false)

      // The other party, the operator's kind of account (an admin) and a colleague cannot.
      expect((await view(id, 'lead@honda.example')).concerns[0]?.canResolve).toBe(false)
      for (const email of ['lead@honda.example', 'admin@nissan.example', 'member@nissan.example'])
        expect((await refusal(resolve(email, id, concernId))).code, email).toBe('FORBIDDEN')

      expect((await view(id, 'lead@nissan.example')).concerns[0]?.canResolve).toBe(true)
      const result = await resolve('lead@nissan.example', id, concernId)
      expect(result.override).toBe(false)
      const event = (await ledgerRows(world.db)).findLast((e) => e.action === 'concern.resolved')
      expect(JSON.parse(event?.payload as string).after).toMatchObject({
        concernId,
        override: false,
        heldByLeads: true,
      })
      expect((await view(id)).concerns[0]).toMatchObject({
        status: 'resolved',
        heldBy: 'party_leads',
        resolvedBy: { partyCode: 'NISSAN' },
      })
    } finally {
      await admin.admin.enableUser({ userId: ix.user('engineer@nissan.example') })
    }
  })

  it('passes to the leads when the raiser loses every role that lets them take part, and not on a closed proposal', async () => {
    const { id } = await inReview()
    const { concernId } = await raise('engineer@honda.example', id, {
      kind: 'other',
      text: 'Supplier terms',
    })
    const other = await inReview()
    const { concernId: onWithdrawn } = await raise('engineer@honda.example', other.id, {
      kind: 'other',
      text: 'Supplier terms',
    })
    const author = await as('member@honda.example')
    await author.proposal.withdraw({
      proposalId: other.id,
      expectedVersion: await currentVersion(author, other.id),
      reason: '',
    })
    const admin = await as('admin@honda.example')
    const userId = ix.user('engineer@honda.example')
    await admin.admin.setRoles({ partnershipId: world.partnershipId, userId, roles: [] })
    try {
      const v = await view(id, 'lead@honda.example')
      expect(v.concerns[0]).toMatchObject({
        id: concernId,
        heldBy: 'party_leads',
        handedOverReason: 'role_removed',
        party: 'HONDA',
        canResolve: true,
      })
      const closed = await view(other.id, 'lead@honda.example')
      expect(closed.concerns[0]).toMatchObject({ id: onWithdrawn, heldBy: 'raiser' })
      expect((await refusal(resolve('lead@nissan.example', id, concernId))).code).toBe('FORBIDDEN')
      expect((await resolve('lead@honda.example', id, concernId)).override).toBe(false)
    } finally {
      await admin.admin.setRoles({ partnershipId: world.partnershipId, userId, roles: ['member'] })
    }
  })

  it('shows and resolves a concern raised before grounds existed (migration 0023 defaults)', async () => {
    const { id } = await inReview()
    const concernId = crypto.randomUUID()
    const raiser = ix.user('engineer@nissan.example')
    // A row as the database held it before migration 0023: none of the new columns given.
    await sql`insert into concerns (id, proposal_id, revision, raised_by, party, title, rationale, status, override, created_at)
      values (${concernId}, ${id}, 1, ${raiser}, 'NISSAN', 'Old worry', 'From before grounds.', 'open', 0, ${new Date().toISOString()})`.execute(
      world.db,
    )
    const v = await view(id)
    expect(v.concerns[0]).toMatchObject({
      id: concernId,
      grounds: { kind: 'other', ref: '', text: '', item: null },
      groundsStated: false,
      resolvesWhen: '',
      heldBy: 'raiser',
    })
    expect((await resolve('engineer@nissan.example', id, concernId)).override).toBe(false)
    expect((await view(id)).concerns[0]?.status).toBe('resolved')
  })
})
