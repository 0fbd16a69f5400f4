/**
 * The dashboard's figures (stats.dashboard) against real SQLite and PostgreSQL: counts by month,
 * by workstream and state, the time from submission to decision and each party's sign-off time,
 * set to known values by moving the workflow rows' timestamps (never the ledger's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dashboardStats } from '../../server/domain/stats'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  type DemoIndex,
  demoIndex,
  fileProposal,
  proposalInState,
  withCachedCallers,
} from '../helpers/workflow'

const HOUR = 3_600_000
const reviewers = ['engineer@nissan.example', 'engineer@honda.example']

describe.each(DATABASE_KINDS)('stats.dashboard (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  const approved: string[] = []
  let waitingId = ''

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
  })
  afterAll(() => world.destroy())

  const stats = async (email: string) =>
    (await world.as(email)).stats.dashboard({ partnershipId: world.partnershipId })

  it('is all zeros and nulls before anything happened', async () => {
    const s = await stats('member@honda.example')
    expect(s.decisionsByMonth).toEqual([])
    expect(s.proposalsByWorkstream).toEqual([])
    expect(s.decisionTime).toEqual({ count: 0, medianHours: null, byMonth: [] })
    expect(s.signoffTime.map((p) => p.party)).toEqual(['HONDA', 'NISSAN'])
    for (const party of s.signoffTime) {
      expect(party).toMatchObject({ count: 0, medianHours: null, waitingNow: 0 })
    }
    expect(s.overdue).toEqual([])
  })

  it('counts decisions, proposals by state and workstream, and times them', async () => {
    for (const title of ['Cell supplier shortlist', 'Joint tender for LFP cells']) {
      const { id } = await proposalInState(world, ix, 'approved', {
        author: 'member@nissan.example',
        title,
        reviewers,
      })
      approved.push(id)
    }
    // Waits on both parties; then Honda signs, so only Nissan owes a sign-off.
    waitingId = (
      await proposalInState(world, ix, 'awaiting_signoff', {
        author: 'member@honda.example',
        title: 'Pack recycling partner',
        reviewers,
      })
    ).id
    const hondaLead = await world.as('battery.lead@honda.example')
    const current = await hondaLead.proposal.get({ proposalId: waitingId })
    await hondaLead.proposal.signOff({
      proposalId: waitingId,
      expectedVersion: current.version,
      verdict: 'approve',
      rationale: '',
    })
    // Overdue and in review, in the software workstream.
    await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Shared OTA update service',
      workstream: 'WS-SW',
      reviewers: ['engineer@nissan.example', 'engineer@honda.example'],
      decideBy: '2020-01-31',
    })
    // A Nissan draft: Nissan people count it, Honda people do not see it.
    await fileProposal(world, ix, 'member@nissan.example', {
      title: 'Nissan-only draft',
      reviewers,
    })

    // Known durations: decisions 10 h and 30 h after submission (median 20 h); sign-offs 2 h
    // (Honda) and 6 h (Nissan) after the proposal became ready, on the first decision, 4 h and
    // 8 h on the second.
    const decisions = await world.db
      .selectFrom('decisions')
      .select(['proposal_id', 'created_at'])
      .execute()
    const submittedBefore: Record<string, number> = {
      [approved[0] as string]: 10,
      [approved[1] as string]: 30,
    }
    for (const d of decisions) {
      const hours = submittedBefore[d.proposal_id] as number
      await world.db
        .updateTable('proposals')
        .set({ submitted_at: new Date(Date.parse(d.created_at) - hours * HOUR).toISOString() })
        .where('id', '=', d.proposal_id)
        .execute()
    }
    const signAfter: Record<string, Record<string, number>> = {
      [approved[0] as string]: { HONDA: 2, NISSAN: 6 },
      [approved[1] as string]: { HONDA: 4, NISSAN: 8 },
      [waitingId]: { HONDA: 1 },
    }
    for (const [proposalId, byParty] of Object.entries(signAfter)) {
      const ready = await world.db
        .selectFrom('ledger_events')
        .select((eb) => eb.fn.max('ts').as('ts'))
        .where('entity_id', '=', proposalId)
        .where('action', '=', 'proposal.ready_for_signoff')
        .executeTakeFirstOrThrow()
      for (const [party, hours] of Object.entries(byParty)) {
        await world.db
          .updateTable('signoffs')
          .set({
            created_at: new Date(Date.parse(ready.ts as string) + hours * HOUR).toISOString(),
          })
          .where('proposal_id', '=', proposalId)
          .where('party', '=', party)
          .execute()
      }
    }

    const honda = await stats('member@honda.example')
    const month = new Date().toISOString().slice(0, 7)
    expect(honda.decisionsByMonth).toEqual([{ month, count: 2 }])
    expect(honda.decisionTime).toEqual({
      count: 2,
      medianHours: 20,
      byMonth: [{ month, count: 2, medianHours: 20 }],
    })
    const bat = honda.proposalsByWorkstream.find((w) => w.workstream?.code === 'WS-BAT')
    expect(bat?.counts).toMatchObject({
      draft: 0,
      in_review: 0,
      awaiting_signoff: 1,
      approved: 2,
      rejected: 0,
      withdrawn: 0,
    })
    const sw = honda.proposalsByWorkstream.find((w) => w.workstream?.code === 'WS-SW')
    expect(sw?.counts.in_review).toBe(1)

    const byParty = Object.fromEntries(honda.signoffTime.map((p) => [p.party, p]))
    // Honda signed three times (2, 4, 1 h): median 2; Nissan twice (6, 8 h): median 7.
    expect(byParty.HONDA).toMatchObject({ count: 3, medianHours: 2, maxHours: 4, waitingNow: 0 })
    expect(byParty.NISSAN).toMatchObject({ count: 2, medianHours: 7, maxHours: 8, waitingNow: 1 })
    expect(byParty.NISSAN?.oldestWaitingSince).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(byParty.HONDA?.oldestWaitingSince).toBeNull()

    expect(honda.overdue.map((p) => [p.title, p.state, p.decideBy, p.workstreamCode])).toEqual([
      ['Shared OTA update service', 'in_review', '2020-01-31', 'WS-SW'],
    ])

    // The Nissan draft counts for Nissan people only; an external auditor sees no drafts.
    const nissan = await stats('member@nissan.example')
    expect(
      nissan.proposalsByWorkstream.find((w) => w.workstream?.code === 'WS-BAT')?.counts.draft,
    ).toBe(1)
    const external = await stats('auditor@external-audit.example')
    expect(
      external.proposalsByWorkstream.find((w) => w.workstream?.code === 'WS-BAT')?.counts.draft,
    ).toBe(0)
    expect(external.decisionTime.medianHours).toBe(20)
  })

  it('measures a sign-off made before its proposal became ready again from the readiness before it', async () => {
    const figures = async () =>
      (await stats('member@honda.example')).signoffTime.map((p) => ({
        party: p.party,
        count: p.count,
        medianHours: p.medianHours,
        maxHours: p.maxHours,
      }))
    const before = await figures()
    // The first approved proposal becomes ready again a month after its sign-offs (as after a
    // later revision): its latest readiness is then after them. They were made after the ready
    // event before it, found in the ledger, and keep their times (2 h Honda, 6 h Nissan).
    const proposalId = approved[0] as string
    const kept = await world.db
      .selectFrom('stats_ready')
      .select('ready_at')
      .where('proposal_id', '=', proposalId)
      .executeTakeFirstOrThrow()
    const later = new Date(Date.parse(kept.ready_at) + 30 * 24 * HOUR).toISOString()
    await world.db
      .updateTable('stats_ready')
      .set({ ready_at: later })
      .where('proposal_id', '=', proposalId)
      .execute()
    try {
      expect(await figures()).toEqual(before)
      expect(before.find((p) => p.party === 'NISSAN')).toMatchObject({ count: 2, medianHours: 7 })
    } finally {
      await world.db
        .updateTable('stats_ready')
        .set({ ready_at: kept.ready_at })
        .where('proposal_id', '=', proposalId)
        .execute()
    }
  })

  it('keeps its counts as the record changes, equal to counting the record afresh', async () => {
    // Move a proposal to another workstream and delete a draft: the triggers follow both.
    const sw = await world.db
      .selectFrom('workstreams')
      .select('id')
      .where('code', '=', 'WS-SW')
      .executeTakeFirstOrThrow()
    await world.db
      .updateTable('proposals')
      .set({ workstream_id: sw.id })
      .where('id', '=', waitingId)
      .execute()
    const draft = await world.db
      .selectFrom('proposals')
      .select('id')
      .where('title', '=', 'Nissan-only draft')
      .executeTakeFirstOrThrow()
    await world.db.deleteFrom('proposal_revisions').where('proposal_id', '=', draft.id).execute()
    await world.db.deleteFrom('proposal_reviewers').where('proposal_id', '=', draft.id).execute()
    await world.db.deleteFrom('proposals').where('id', '=', draft.id).execute()

    const kept = await world.db
      .selectFrom('stats_proposal_counts')
      .select(['workstream_key', 'state', 'draft_party', 'n'])
      .where('partnership_id', '=', world.partnershipId)
      .where('n', '>', 0)
      .execute()
    const afresh = await world.db
      .selectFrom('proposals')
      .select((eb) => [
        eb.fn.coalesce('workstream_id', eb.val('')).as('workstream_key'),
        'state',
        eb
          .case()
          .when('submitted_at', 'is', null)
          .then(eb.ref('author_party'))
          .else('')
          .end()
          .as('draft_party'),
        eb.fn.countAll<number | string>().as('n'),
      ])
      .where('partnership_id', '=', world.partnershipId)
      .groupBy(['workstream_id', 'state', 'submitted_at', 'author_party'])
      .execute()
    const key = (r: { workstream_key: string; state: string; draft_party: string | null }) =>
      `${r.workstream_key} ${r.state} ${r.draft_party}`
    const sum = (
      rows: {
        workstream_key: string
        state: string
        draft_party: string | null
        n: number | string
      }[],
    ) => {
      const m = new Map<string, number>()
      for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + Number(r.n))
      return Object.fromEntries([...m].sort())
    }
    expect(sum(kept)).toEqual(sum(afresh))

    const s = await stats('member@nissan.example')
    const bat = s.proposalsByWorkstream.find((w) => w.workstream?.code === 'WS-BAT')
    expect(bat?.counts).toMatchObject({ draft: 0, awaiting_signoff: 0, approved: 2 })
    const soft = s.proposalsByWorkstream.find((w) => w.workstream?.code === 'WS-SW')
    expect(soft?.counts).toMatchObject({ in_review: 1, awaiting_signoff: 1 })

    // When each proposal became ready: kept from the ledger's own events.
    const ready = await world.db
      .selectFrom('stats_ready')
      .select(['proposal_id', 'ready_at'])
      .orderBy('proposal_id')
      .execute()
    const fromLedger = await world.db
      .selectFrom('ledger_events')
      .select((eb) => ['entity_id as proposal_id', eb.fn.max('ts').as('ready_at')])
      .where('action', '=', 'proposal.ready_for_signoff')
      .groupBy('entity_id')
      .orderBy('entity_id')
      .execute()
    expect(ready).toEqual(fromLedger)
    expect(ready.map((r) => r.proposal_id)).toEqual(expect.arrayContaining([waitingId]))
  })

  it('times the latest sign-offs and decisions only, however long the record', async () => {
    // A window of two: Honda's 1 h (the newest sign-off) and one more.
    const s = await dashboardStats(world.db, world.partnershipId, 'HONDA', new Date(), 2)
    expect(s.signoffTime.reduce((n, p) => n + p.count, 0)).toBe(2)
    expect(s.decisionTime.count).toBe(2)
    const one = await dashboardStats(world.db, world.partnershipId, 'HONDA', new Date(), 1)
    expect(one.decisionTime.count).toBe(1)
    expect(one.signoffTime.reduce((n, p) => n + p.count, 0)).toBe(1)
    // Counts and what waits now are not windowed.
    expect(one.decisionsByMonth.reduce((n, m) => n + m.count, 0)).toBe(2)
    expect(one.signoffTime.find((p) => p.party === 'NISSAN')?.waitingNow).toBe(1)
  })
})
