/**
 * The escalation ladder (issue 14, ADR 0032): the demo charter's PROC-1 says a deadlock goes to
 * the steering committee for a cooling-off of 5 business days on both calendars, then to the
 * executives for 10. Escalating, the end of cooling-off and reopening are ledger events, told to
 * both parties' partnership leads; a private draft never escalates; cooling-off counts on both
 * parties' calendars.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/connect'
import {
  endCoolingOff,
  escalatedProposals,
  escalateProposal,
} from '../../server/domain/proposals/escalation'
import { loadSessionUser } from '../../server/domain/users'
import { addBusinessDays } from '../../shared/business-days'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  type DemoIndex,
  demoIndex,
  fileProposal,
  fingerprint,
  proposalInState,
  refusal,
  withCachedCallers,
} from '../helpers/workflow'

const REVIEWERS = ['engineer@honda.example', 'member@nissan.example']
const HONDA_LEAD = 'lead@honda.example'
const NISSAN_LEAD = 'lead@nissan.example'

describe.each(DATABASE_KINDS)('the escalation ladder (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    // The demo comes with each party's calendar (server/demo/calendars.ts); these stories start
    // from companies that have kept none yet, and set what each one needs.
    await world.db.deleteFrom('party_shutdown_days').execute()
    await world.db.deleteFrom('party_calendars').execute()
  })
  afterAll(async () => {
    await world?.destroy()
  })

  async function eventsOf(proposalId: string) {
    return world.db
      .selectFrom('ledger_events')
      .select(['action', 'visibility', 'actor_id'])
      .where('entity_id', '=', proposalId)
      .orderBy('seq')
      .execute()
  }

  async function toldOf(proposalId: string, kind: string) {
    const rows = await world.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.recipient_id')
      .select('u.email')
      .where('n.proposal_id', '=', proposalId)
      .where('n.kind', '=', kind)
      .execute()
    return rows.map((r) => r.email).sort()
  }

  async function user(email: string) {
    const u = await loadSessionUser(world.db, ix.user(email))
    if (!u) throw new Error(email)
    return u
  }

  it('a rejection escalates to the steering committee: a joint ledger event, told to both parties’ leads, shown on the page', async () => {
    const { id } = await proposalInState(world, ix, 'rejected', {
      author: 'member@honda.example',
      title: 'Shared service bays',
      reviewers: REVIEWERS,
    })
    const lead = await world.as(HONDA_LEAD)
    const before = await lead.proposal.get({ proposalId: id })
    expect(before.escalation).toBeNull()
    expect(before.myActions).toContain('escalate')
    // A member is no partnership lead: escalation is not offered, and refused.
    const member = await world.as('member@honda.example')
    expect((await member.proposal.get({ proposalId: id })).myActions).not.toContain('escalate')
    const forbidden = await refusal(
      member.proposal.escalate({ proposalId: id, expectedVersion: before.version }),
    )
    expect(forbidden.code).toBe('FORBIDDEN')

    const done = await lead.proposal.escalate({ proposalId: id, expectedVersion: before.version })
    expect(done.state).toBe('escalated')
    const page = await (await world.as(NISSAN_LEAD)).proposal.get({ proposalId: id })
    expect(page.state).toBe('escalated')
    expect(page.escalation).toMatchObject({
      body: 'steering_committee',
      step: 0,
      cause: 'rejection',
      procedureCode: 'PROC-1',
      coolingOffBusinessDays: 5,
      current: true,
      coolingOffOver: false,
      nextBody: 'executives',
    })
    // Demo parties keep no holiday calendar: 5 weekdays after the day of escalation.
    const today = new Date().toISOString().slice(0, 10)
    expect(page.escalation?.coolingOffUntil).toBe(addBusinessDays(today, 5, { country: null }))
    expect(page.myActions).toContain('reopen')
    expect(page.myActions).not.toContain('escalate')

    const events = await eventsOf(id)
    const escalated = events.filter((e) => e.action === 'proposal.escalated')
    expect(escalated).toEqual([
      { action: 'proposal.escalated', visibility: 'joint', actor_id: ix.user(HONDA_LEAD) },
    ])
    const told = await toldOf(id, 'proposal.escalated')
    // Both parties' partnership leads and the author; not the one who escalated (told by doing it).
    expect(told).toContain(NISSAN_LEAD)
    expect(told).toContain('member@honda.example')
    expect(told).not.toContain(HONDA_LEAD)

    // The steering committee's agenda lists it, for either party.
    for (const email of [HONDA_LEAD, NISSAN_LEAD]) {
      const list = await escalatedProposals(world.db, world.partnershipId, await user(email))
      expect(list.map((p) => p.id)).toContain(id)
      expect(list.find((p) => p.id === id)).toMatchObject({ body: 'steering_committee', step: 0 })
    }
    const viaApi = await lead.proposal.escalated({ partnershipId: world.partnershipId })
    expect(viaApi.map((p) => p.id)).toContain(id)
  })

  it('refuses what is not a deadlock, and a party’s private draft never escalates', async () => {
    const lead = await world.as(HONDA_LEAD)
    // In review, no decide-by: not deadlocked. Refused with a rule the client can say.
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Not late at all',
      reviewers: REVIEWERS,
    })
    const page = await lead.proposal.get({ proposalId: id })
    expect(page.myActions).not.toContain('escalate')
    const before = await fingerprint(world.db, id)
    const early = await refusal(
      lead.proposal.escalate({ proposalId: id, expectedVersion: page.version }),
    )
    expect(early.code).toBe('BAD_REQUEST')
    expect((early.cause as { rule?: { name: string } } | undefined)?.rule?.name).toBe(
      'notDeadlocked',
    )
    expect(await fingerprint(world.db, id)).toEqual(before)

    // Honda's draft: Nissan's lead cannot even see it; Honda's lead may not escalate a draft.
    const draft = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Honda only, for now',
      reviewers: REVIEWERS,
    })
    const nissan = await world.as(NISSAN_LEAD)
    expect(
      (await refusal(nissan.proposal.escalate({ proposalId: draft.id, expectedVersion: 1 }))).code,
    ).toBe('NOT_FOUND')
    expect(
      (
        await refusal(
          lead.proposal.escalate({ proposalId: draft.id, expectedVersion: draft.version }),
        )
      ).code,
    ).toBe('BAD_REQUEST')
    const list = await escalatedProposals(world.db, world.partnershipId, await user(NISSAN_LEAD))
    expect(list.map((p) => p.id)).not.toContain(draft.id)
  })

  it('the escalation ladder on both parties’ calendars: a Japanese holiday extends the cooling-off, its end climbs to the executives', async () => {
    // Honda keeps Japanese holidays; Nissan (say, its US arm) only weekends.
    await (await world.as('admin@honda.example')).calendar.set({
      partnershipId: world.partnershipId,
      country: 'JP',
      timeZone: 'Asia/Tokyo',
    })
    try {
      // Overdue by 5 business days on BOTH calendars: decide-by Tuesday 27 April 2027.
      const { id } = await proposalInState(world, ix, 'in_review', {
        author: 'member@honda.example',
        title: 'Golden Week deadlock',
        reviewers: REVIEWERS,
        decideBy: '2027-04-27',
      })
      const lead = await user(HONDA_LEAD)
      const version = async () =>
        (
          await world.db
            .selectFrom('proposals')
            .select('version')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).version
      // On 6 May: 7 weekdays have passed for Nissan, but only 3 Japanese business days for Honda
      // (29 April and 3–5 May are holidays): not yet overdue on both.
      const sixth = new Date('2027-05-06T18:00:00Z')
      const tooEarly = await escalateProposal(
        world.db,
        lead,
        { proposalId: id, expectedVersion: await version() },
        sixth,
      ).catch((e: Error) => e)
      expect(tooEarly).toBeInstanceOf(Error)
      expect((tooEarly as Error).message).toMatch(/not deadlocked/)

      // On Wednesday 28 April 2027 ... rather: escalated on 11 May, the 6th Japanese business day.
      const eleventh = new Date('2027-05-11T14:00:00Z')
      const up = await escalateProposal(
        world.db,
        lead,
        { proposalId: id, expectedVersion: await version() },
        eleventh,
      )
      expect(up.state).toBe('escalated')
      expect(up.escalation).toMatchObject({ cause: 'overdue', step: 0, escalatedOn: '2027-05-11' })
      // 5 business days: 12, 13, 14, 17, 18 May on both calendars (no holiday then).
      expect(up.escalation?.coolingOffByParty).toEqual({
        HONDA: '2027-05-18',
        NISSAN: '2027-05-18',
      })
      expect(up.escalation?.coolingOffUntil).toBe('2027-05-18')

      // The end of cooling-off waits until its last day has ended everywhere.
      const end = (now: Date) => writeTransaction(world.db, (trx) => endCoolingOff(trx, id, now))
      expect(await end(new Date('2027-05-18T23:00:00Z'))).toBeNull()
      const climbed = await end(new Date('2027-05-19T12:30:00Z'))
      expect(climbed).toMatchObject({ step: 1, escalatedOn: '2027-05-19' })
      // 10 business days from 19 May: no holidays either side until 2 June.
      expect(climbed?.coolingOffUntil).toBe('2027-06-02')
      const actions = (await eventsOf(id)).map((e) => e.action)
      expect(actions.slice(-3)).toEqual([
        'proposal.escalated',
        'proposal.cooling_off_ended',
        'proposal.escalated',
      ])
      const told = await toldOf(id, 'proposal.escalated')
      expect(told.filter((e) => e === NISSAN_LEAD).length).toBe(2)
      const page = await (await world.as(NISSAN_LEAD)).proposal.get({ proposalId: id })
      expect(page.escalation).toMatchObject({ body: 'executives', step: 1, nextBody: null })

      // Escalated over Golden Week: Honda's cooling-off ends later, and that end counts for both.
      const gw = await proposalInState(world, ix, 'rejected', {
        author: 'member@honda.example',
        title: 'Rejected before Golden Week',
        reviewers: REVIEWERS,
      })
      const golden = await escalateProposal(
        world.db,
        lead,
        { proposalId: gw.id, expectedVersion: await versionOf(gw.id) },
        new Date('2027-04-28T03:00:00Z'),
      )
      // Nissan: 29, 30 April, 3, 4, 5 May. Honda: 30 April, 6, 7, 10, 11 May.
      expect(golden.escalation?.coolingOffByParty).toEqual({
        HONDA: '2027-05-11',
        NISSAN: '2027-05-05',
      })
      expect(golden.escalation?.coolingOffUntil).toBe('2027-05-11')
      expect(
        await writeTransaction(world.db, (trx) =>
          endCoolingOff(trx, gw.id, new Date('2027-05-06T13:00:00Z')),
        ),
      ).toBeNull()
    } finally {
      await (await world.as('admin@honda.example')).calendar.set({
        partnershipId: world.partnershipId,
        country: null,
        timeZone: 'UTC',
      })
    }
  })

  async function versionOf(id: string) {
    const row = await world.db
      .selectFrom('proposals')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    return row.version
  }

  it('the steering committee reopens it as a new revision; a second deadlock climbs to the next rung; with none left a rejection is final', async () => {
    const { id } = await proposalInState(world, ix, 'escalated', {
      author: 'member@honda.example',
      title: 'Joint dealer training',
      reviewers: REVIEWERS,
    })
    const nissan = await world.as(NISSAN_LEAD)
    const page = await nissan.proposal.get({ proposalId: id })
    // The author is no partnership lead: the steering committee reopens, not the author alone.
    const author = await world.as('member@honda.example')
    expect(
      (
        await refusal(
          author.proposal.reopen({
            proposalId: id,
            expectedVersion: page.version,
            content: { ...page.revision, body: 'Mine' },
            note: '',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN')
    const reopened = await nissan.proposal.reopen({
      proposalId: id,
      expectedVersion: page.version,
      content: { ...page.revision, body: 'Dealers of both brands train together from 2028.' },
      note: 'As agreed in the steering committee',
    })
    expect(reopened).toMatchObject({ state: 'in_review', revision: page.currentRevision + 1 })
    const after = await nissan.proposal.get({ proposalId: id })
    expect(after.closedAt).toBeNull()
    expect(after.escalation).toMatchObject({ current: false, step: 0 })
    expect(after.escalation?.reopenedOn).not.toBeNull()
    expect((await eventsOf(id)).at(-1)).toMatchObject({
      action: 'proposal.reopened',
      visibility: 'joint',
    })
    expect(await toldOf(id, 'proposal.reopened')).toContain(HONDA_LEAD)
    expect(await toldOf(id, 'review.requested')).toEqual(expect.arrayContaining(REVIEWERS))
    // Its cooling-off reminder is gone with it.
    const pending = await world.db
      .selectFrom('scheduled_reminders')
      .select('kind')
      .where('proposal_id', '=', id)
      .where('status', '=', 'pending')
      .execute()
    expect(pending.map((r) => r.kind)).not.toContain('escalation.cooling_off_ended')

    // Deadlocked again: the next rung, the executives.
    const rejected = await nissan.proposal.reject({
      proposalId: id,
      expectedVersion: after.version,
      rationale: 'Still not before 2028.',
    })
    const lead = await world.as(HONDA_LEAD)
    const second = await lead.proposal.escalate({
      proposalId: id,
      expectedVersion: rejected.version,
    })
    expect(second.escalation).toMatchObject({ step: 1, cause: 'rejection' })
    expect((await lead.proposal.get({ proposalId: id })).escalation).toMatchObject({
      body: 'executives',
      coolingOffBusinessDays: 10,
    })
    // The executives reopen; rejected a third time there is no rung left: the rejection is final.
    const third = await lead.proposal.get({ proposalId: id })
    const again = await lead.proposal.reopen({
      proposalId: id,
      expectedVersion: third.version,
      content: { ...third.revision, body: 'From 2029.' },
      note: '',
    })
    const final = await nissan.proposal.reject({
      proposalId: id,
      expectedVersion: again.version,
      rationale: 'No.',
    })
    const last = await lead.proposal.get({ proposalId: id })
    expect(last.state).toBe('rejected')
    expect(last.myActions).not.toContain('escalate')
    const refused = await refusal(
      lead.proposal.escalate({ proposalId: id, expectedVersion: final.version }),
    )
    expect(refused.code).toBe('BAD_REQUEST')
  })
  it('the ladder is a charter item amended like every other: versioned, and a proposal already on it keeps its ladder', async () => {
    const lead = await world.as(HONDA_LEAD)
    const items = async () =>
      Object.values((await lead.charter.get({ partnershipId: world.partnershipId })).items).flat()
    const proc = (await items()).find((i) => i.code === 'PROC-1')
    expect(proc).toMatchObject({ kind: 'procedure', titleJa: 'エスカレーション手順' })
    expect(proc?.procedure?.steps.map((s) => s.body)).toEqual(['steering_committee', 'executives'])
    // Already escalated under the ladder as it is.
    const { id: onLadder } = await proposalInState(world, ix, 'escalated', {
      author: 'member@honda.example',
      title: 'Escalated before the amendment',
      reviewers: REVIEWERS,
    })
    // A ladder that is not one is refused with a rule the client can say.
    const bad = await refusal(
      lead.proposal.create({
        partnershipId: world.partnershipId,
        type: 'amendment',
        content: {
          title: 'A ladder upside down',
          workstreamId: ix.workstream('WS-SW'),
          impacts: [],
          amendment: {
            changes: [
              {
                op: 'change',
                itemId: proc?.id as string,
                procedure: {
                  overdueBusinessDays: 3,
                  steps: [
                    { trigger: 'cooling_off_ended', body: 'executives', coolingOffBusinessDays: 1 },
                  ],
                },
              },
            ],
          },
        },
      }),
    )
    expect(bad.code).toBe('BAD_REQUEST')
    const ladder = {
      overdueBusinessDays: 3,
      steps: [
        {
          trigger: 'deadlock' as const,
          body: 'steering_committee' as const,
          coolingOffBusinessDays: 3,
        },
      ],
    }
    await proposalInState(world, ix, 'approved', {
      author: 'software.lead@honda.example',
      type: 'amendment',
      title: 'A shorter ladder: the steering committee decides',
      workstream: 'WS-SW',
      reviewers: [
        'member@honda.example',
        'engineer@honda.example',
        'member@nissan.example',
        'engineer@nissan.example',
      ],
      signers: [HONDA_LEAD, NISSAN_LEAD],
      amendment: { changes: [{ op: 'change', itemId: proc?.id, procedure: ladder }] },
    })
    const amended = (await items()).find((i) => i.code === 'PROC-1')
    expect(amended?.procedure).toEqual(ladder)
    expect(amended?.updatedVersion).toBeGreaterThan(proc?.updatedVersion ?? 0)
    const revisions = await world.db
      .selectFrom('charter_item_revisions')
      .select(['version', 'procedure'])
      .where('item_id', '=', proc?.id as string)
      .orderBy('version')
      .execute()
    expect(revisions.length).toBe(2)
    expect(JSON.parse(revisions[1]?.procedure ?? 'null')).toEqual(ladder)
    // The proposal escalated before keeps the ladder it climbs; a new escalation takes the new one.
    const page = await lead.proposal.get({ proposalId: onLadder })
    expect(page.escalation?.steps.length).toBe(2)
    const { id: fresh } = await proposalInState(world, ix, 'escalated', {
      author: 'member@honda.example',
      title: 'Escalated after the amendment',
      reviewers: REVIEWERS,
    })
    const after = await lead.proposal.get({ proposalId: fresh })
    expect(after.escalation).toMatchObject({ coolingOffBusinessDays: 3, nextBody: null })
  })
})
