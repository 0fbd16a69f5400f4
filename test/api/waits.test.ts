/**
 * Every wait has an owner, and the owner is told (issue 13, ADR 0027): the stuck amendment of the
 * issue, end to end through the API; the submit checklist's count enforced by the server; and
 * "what changed since my last visit", which never shows one party the other's internal activity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitsOfView } from '../../client/src/features/proposals/waiting-on'
import type { DomainError } from '../../shared/errors'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fileProposal,
  refusal,
  withCachedCallers,
} from '../helpers/workflow'

const AMENDMENT = {
  changes: [
    {
      op: 'add',
      code: 'MKT-9',
      kind: 'market',
      title: 'Southeast Asia',
      statement: 'Cooperation may apply in Southeast Asia.',
      screeningTerms: { en: [], ja: [] },
    },
  ],
}

/** Everyone of the demo who takes part, by email. */
const PEOPLE = [
  'lead@honda.example',
  'battery.lead@honda.example',
  'software.lead@honda.example',
  'member@honda.example',
  'engineer@honda.example',
  'lead@nissan.example',
  'battery.lead@nissan.example',
  'software.lead@nissan.example',
  'member@nissan.example',
  'engineer@nissan.example',
]

describe.each(DATABASE_KINDS)('waits and their owners (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
  })
  afterAll(async () => {
    await world.destroy()
  })

  /** What each person's inbox lists for this proposal: group → the waits' kinds and actions. */
  async function inboxesFor(proposalId: string) {
    const seen: Record<string, string[]> = {}
    for (const email of PEOPLE) {
      const box = await (await world.as(email)).inbox.get({ partnershipId: world.partnershipId })
      const lines: string[] = []
      for (const group of [
        'reviewsRequested',
        'signoffsOwed',
        'myProposals',
        'helpWanted',
        'overdue',
      ] as const) {
        for (const item of box[group].filter((i) => i.id === proposalId))
          lines.push(
            `${group}: ${item.waits.map((w) => `${w.kind}${'party' in w ? ` ${w.party}` : ''} → ${w.action}`).join(', ')}`,
          )
      }
      seen[email] = lines
    }
    return seen
  }

  it('counts the reviewers the policy needs: the server refuses an amendment with one per party', async () => {
    const { id, caller } = await fileProposal(world, ix, 'member@honda.example', {
      type: 'amendment',
      title: 'Add Southeast Asia as a market',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      amendment: AMENDMENT,
    })
    // The page's checklist (the same rule, from the view) says what is missing.
    const draft = await caller.proposal.get({ proposalId: id })
    expect(draft.policy.reviewsPerParty.amendment).toBe(2)
    expect(waitsOfView(draft).filter((w) => w.kind === 'reviewers_missing')).toEqual([
      expect.objectContaining({ party: 'HONDA', have: 1, needed: 2 }),
      expect.objectContaining({ party: 'NISSAN', have: 1, needed: 2 }),
    ])
    const refused = await refusal(
      caller.proposal.submit({ proposalId: id, expectedVersion: draft.version }),
    )
    expect(refused.code).toBe('BAD_REQUEST')
    const cause = refused.cause as DomainError
    expect(cause.field).toBe('reviewerIds')
    expect(cause.rule).toEqual({
      name: 'tooFew',
      params: { needed: 2, parties: 'HONDA 1, NISSAN 1' },
    })
    expect(refused.message).toContain('the policy needs 2 reviewer(s) of each party')
    expect((await caller.proposal.get({ proposalId: id })).state).toBe('draft')
    // A decision needs one per party: the same two reviewers are enough.
    const decision = await fileProposal(world, ix, 'member@honda.example', {
      title: 'A decision with one reviewer each',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    const ok = await decision.caller.proposal.submit({
      proposalId: decision.id,
      expectedVersion: decision.version,
    })
    expect(ok.state).toBe('in_review')
  })

  it('the stuck amendment: every wait has an owner, each inbox says exactly what waits on that person, and the owners are told', async () => {
    const { id, caller: author } = await fileProposal(world, ix, 'member@honda.example', {
      type: 'amendment',
      title: 'Add Southeast Asia as a market, stuck',
      reviewers: [
        'engineer@honda.example',
        'battery.lead@honda.example',
        'member@nissan.example',
        'engineer@nissan.example',
      ],
      amendment: {
        changes: [{ ...AMENDMENT.changes[0], code: 'MKT-8' }],
      },
    })
    let version = (
      await author.proposal.submit({
        proposalId: id,
        expectedVersion: await currentVersion(author, id),
      })
    ).version
    // Two reviewers of each party are asked; nothing is short of reviewers.
    let boxes = await inboxesFor(id)
    expect(boxes['engineer@honda.example']).toEqual([
      'reviewsRequested: approvals_missing HONDA → review',
    ])
    expect(boxes['member@nissan.example']).toEqual([
      'reviewsRequested: approvals_missing NISSAN → review',
    ])
    expect(boxes['member@honda.example']).toEqual([])

    // A reviewer of each party leaves the review: a lead of the workstream takes them off. The
    // amendment now has one reviewer per party where the policy needs two approvals.
    const nissanLead = await world.as('battery.lead@nissan.example')
    version = (
      await nissanLead.proposal.assignReviewers({
        proposalId: id,
        expectedVersion: version,
        reviewerIds: ['engineer@honda.example', 'member@nissan.example'].map(ix.user),
      })
    ).version
    for (const reviewer of ['engineer@honda.example', 'member@nissan.example']) {
      version = (
        await (
          await world.as(reviewer)
        ).proposal.review({
          proposalId: id,
          expectedVersion: version,
          verdict: 'approve',
          comment: 'Fine by me.',
        })
      ).version
    }
    const view = await author.proposal.get({ proposalId: id })
    expect(view.state).toBe('in_review')
    expect(waitsOfView(view)).toEqual([
      expect.objectContaining({ kind: 'reviewers_missing', party: 'HONDA', have: 1, needed: 2 }),
      expect.objectContaining({ kind: 'reviewers_missing', party: 'NISSAN', have: 1, needed: 2 }),
    ])

    // Each inbox says exactly what waits on that person: the author adds reviewers of both
    // parties; each party's leads of the workstream (WS-BAT) may add their own party's; the
    // reviewers who approved, the partnership leads and everyone else have nothing to do.
    boxes = await inboxesFor(id)
    expect(boxes).toEqual({
      'member@honda.example': [
        'myProposals: reviewers_missing HONDA → assign_reviewers, reviewers_missing NISSAN → assign_reviewers',
      ],
      'battery.lead@honda.example': ['helpWanted: reviewers_missing HONDA → assign_reviewers'],
      'battery.lead@nissan.example': ['helpWanted: reviewers_missing NISSAN → assign_reviewers'],
      'lead@honda.example': [],
      'software.lead@honda.example': [],
      'engineer@honda.example': [],
      'lead@nissan.example': [],
      'software.lead@nissan.example': [],
      'member@nissan.example': [],
      'engineer@nissan.example': [],
    })
    const authorBox = await author.inbox.get({ partnershipId: world.partnershipId })
    expect(authorBox.myProposals.find((i) => i.id === id)?.reasons).toEqual(['reviewers_missing'])

    // The owners were told when the wait started (the reassignment), once, in its transaction;
    // the lead who made the change is not told of their own act.
    const told = await world.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.recipient_id')
      .select(['u.email', 'n.payload'])
      .where('n.proposal_id', '=', id)
      .where('n.kind', '=', 'wait.owned')
      .execute()
    const byEmail = (email: string) =>
      told
        .filter((w) => w.email === email)
        .map((w) => JSON.parse(w.payload))
        .map((p) => `${p.reasonCode} ${p.partyCode} ${p.have}/${p.needed}`)
        .sort()
    expect(byEmail('member@honda.example')).toEqual([
      'reviewers_missing HONDA 1/2',
      'reviewers_missing NISSAN 1/2',
    ])
    expect(byEmail('battery.lead@honda.example')).toEqual(['reviewers_missing HONDA 1/2'])
    expect(told.map((w) => w.email).sort()).toEqual([
      'battery.lead@honda.example',
      'member@honda.example',
      'member@honda.example',
    ])

    // The Nissan lead adds a Nissan reviewer (the assignment keeps the others): Nissan's wait
    // moves to the new reviewer, Honda's stays with the author and Honda's lead.
    version = (
      await nissanLead.proposal.assignReviewers({
        proposalId: id,
        expectedVersion: version,
        reviewerIds: [
          'engineer@honda.example',
          'member@nissan.example',
          'engineer@nissan.example',
        ].map(ix.user),
      })
    ).version
    boxes = await inboxesFor(id)
    expect(boxes['engineer@nissan.example']).toEqual([
      'reviewsRequested: approvals_missing NISSAN → review',
    ])
    expect(boxes['battery.lead@nissan.example']).toEqual([])
    expect(boxes['member@honda.example']).toEqual([
      'myProposals: reviewers_missing HONDA → assign_reviewers',
    ])
    // Telling is when a wait starts: Honda's wait did not start again, nobody is told twice.
    expect(
      await world.db
        .selectFrom('notifications')
        .select('id')
        .where('proposal_id', '=', id)
        .where('kind', '=', 'wait.owned')
        .execute(),
    ).toHaveLength(3)
  })

  it('since my last visit: counts what the visitor may read, never the other party’s internal comments', async () => {
    const { id, caller: author } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Visits: a joint study of cell chemistry',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    const version = (
      await author.proposal.submit({
        proposalId: id,
        expectedVersion: await currentVersion(author, id),
      })
    ).version
    const nissan = await world.as('member@nissan.example')
    const honda = await world.as('engineer@honda.example')
    const list = async (caller: typeof nissan) =>
      (await caller.proposal.list({ partnershipId: world.partnershipId, limit: 50 })).items.find(
        (i) => i.id === id,
      )?.changesSinceVisit
    // Never opened: no mark, and a first visit has nothing to compare with.
    expect(await list(nissan)).toBeNull()
    expect(await nissan.visit.proposal({ proposalId: id })).toEqual({
      lastVisitAt: null,
      changes: null,
    })
    await honda.visit.proposal({ proposalId: id })

    // Honda deliberates internally: nothing changed for Nissan, one comment for Honda.
    await author.comment.add({
      proposalId: id,
      body: 'HONDA-INTERNAL: can we live with this?',
      visibility: 'internal',
    })
    expect(await list(nissan)).toBe(0)
    expect(await list(honda)).toBe(1)
    // A revisit in between says nothing changed, and tells nothing of the internal comment's timing.
    const quiet = await nissan.visit.proposal({ proposalId: id })
    expect(quiet.lastVisitAt).not.toBeNull()
    expect(quiet.changes).toEqual({
      revisions: 0,
      reviews: 0,
      comments: 0,
      concerns: 0,
      signoffs: 0,
      state: null,
    })

    // A joint comment and a review: Nissan sees both, Honda's reviewer sees the comment (their
    // own review is not news to them).
    await author.comment.add({ proposalId: id, body: 'Joint: the plan.', visibility: 'joint' })
    await honda.proposal.review({
      proposalId: id,
      expectedVersion: version,
      verdict: 'approve',
      comment: 'Good.',
    })
    expect(await list(nissan)).toBe(2)
    expect(await list(honda)).toBe(2)
    const seen = await nissan.visit.proposal({ proposalId: id })
    expect(seen.changes).toEqual({
      revisions: 0,
      reviews: 1,
      comments: 1,
      concerns: 0,
      signoffs: 0,
      state: null,
    })
    // The visit cleared the mark; a visit writes nothing to the ledger.
    expect(await list(nissan)).toBe(0)
    const ledgerSize = async () =>
      Number(
        (
          await world.db
            .selectFrom('ledger_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await ledgerSize()
    await nissan.visit.proposal({ proposalId: id })
    await honda.visit.proposal({ proposalId: id })
    expect(await ledgerSize()).toBe(before)
    // A proposal the caller may not read cannot be visited.
    const draft = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Visits: a Honda draft',
      reviewers: ['engineer@honda.example'],
    })
    expect((await refusal(nissan.visit.proposal({ proposalId: draft.id }))).code).toBe('NOT_FOUND')
  })
})
