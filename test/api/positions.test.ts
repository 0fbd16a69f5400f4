/**
 * Positions and recusal through the API (issue 14, ADR 0029), on each database: a policy test per
 * position (what the frozen policy offers and counts, what each does to the state and the waits),
 * recusal taking away reviewing and signing with `data.rule` `recused`, the ledger event per
 * position, and what the other party sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitsOfView } from '../../client/src/features/proposals/waiting-on'
import { DEFAULT_POLICY } from '../../shared/charter'
import type { DomainError } from '../../shared/errors'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fileProposal,
  fingerprint,
  ledgerRows,
  refusal,
} from '../helpers/workflow'

const AUTHOR = 'member@honda.example'
const HONDA_REVIEWER = 'engineer@honda.example'
const NISSAN_REVIEWER = 'member@nissan.example'
const REVIEWERS = [HONDA_REVIEWER, NISSAN_REVIEWER]

describe.each(DATABASE_KINDS)('positions and recusal (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
  })
  afterAll(() => world.destroy())

  const as = (email: string) => world.as(email)
  const view = async (id: string, email = AUTHOR) =>
    (await as(email)).proposal.get({ proposalId: id })

  /** A submitted decision, judged by `policy` (frozen at submission) when one is given. */
  async function submitted(title: string, policy = DEFAULT_POLICY, reviewers = REVIEWERS) {
    await world.db
      .updateTable('partnerships')
      .set({ approval_policy: JSON.stringify(policy) })
      .where('id', '=', world.partnershipId)
      .execute()
    const { id, caller } = await fileProposal(world, ix, AUTHOR, { title, reviewers })
    await caller.proposal.submit({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
    })
    await world.db
      .updateTable('partnerships')
      .set({ approval_policy: JSON.stringify(DEFAULT_POLICY) })
      .where('id', '=', world.partnershipId)
      .execute()
    return id
  }

  async function position(email: string, id: string, verdict: string, comment = '') {
    const caller = await as(email)
    return caller.proposal.review({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      verdict: verdict as 'approve',
      comment,
    })
  }

  async function recuse(email: string, id: string, reason = 'My own unit bids in this tender.') {
    const caller = await as(email)
    return caller.proposal.recuse({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      reason,
    })
  }

  it('approve: counts, and one per party completes the reviews', async () => {
    const id = await submitted('Approve counts')
    await position(HONDA_REVIEWER, id, 'approve')
    expect((await position(NISSAN_REVIEWER, id, 'approve')).state).toBe('awaiting_signoff')
  })

  it('no objection: counts on a decision by the default policy, and the other party sees it', async () => {
    const id = await submitted('No objection counts')
    await position(HONDA_REVIEWER, id, 'approve')
    const done = await position(NISSAN_REVIEWER, id, 'no_objection')
    expect(done.state).toBe('awaiting_signoff')
    // Honda's author sees Nissan's position on the shared proposal, as reviews are seen.
    const seen = await view(id)
    expect(seen.reviews.map((r) => [r.party, r.verdict])).toEqual([
      ['HONDA', 'approve'],
      ['NISSAN', 'no_objection'],
    ])
    const events = (await ledgerRows(world.db)).filter(
      (e) => e.entity_id === id && e.action === 'review.recorded',
    )
    expect(events).toHaveLength(2)
  })

  it('no objection: not counted where the policy says so; refused where it is not offered', async () => {
    const uncounted = {
      ...DEFAULT_POLICY,
      positions: {
        ...DEFAULT_POLICY.positions,
        decision: {
          offered: ['approve', 'no_objection', 'abstain', 'recuse', 'request_changes'],
          counted: ['approve'],
        },
      },
    } as typeof DEFAULT_POLICY
    const id = await submitted('No objection uncounted', uncounted)
    expect((await view(id)).policy.positions.decision.counted).toEqual(['approve'])
    await position(HONDA_REVIEWER, id, 'approve')
    expect((await position(NISSAN_REVIEWER, id, 'no_objection')).state).toBe('in_review')
    expect(
      waitsOfView(await view(id)).map((w) => `${w.kind}:${'party' in w ? w.party : ''}`),
    ).toEqual(['reviewers_missing:NISSAN'])

    const notOffered = {
      ...DEFAULT_POLICY,
      positions: {
        ...DEFAULT_POLICY.positions,
        decision: {
          offered: ['approve', 'abstain', 'recuse', 'request_changes'],
          counted: ['approve'],
        },
      },
    } as typeof DEFAULT_POLICY
    const strict = await submitted('No objection not offered', notOffered)
    const before = await fingerprint(world.db, strict)
    const refused = await refusal(position(NISSAN_REVIEWER, strict, 'no_objection'))
    expect(refused.code).toBe('BAD_REQUEST')
    expect((refused.cause as DomainError).rule).toEqual({
      name: 'notOffered',
      params: { position: 'no_objection' },
    })
    expect(await fingerprint(world.db, strict)).toEqual(before)
  })

  it('abstain: needs a reason; not counted, never blocking; the party needs another reviewer', async () => {
    const id = await submitted('Abstain')
    const bare = await refusal(position(NISSAN_REVIEWER, id, 'abstain'))
    expect(bare.code).toBe('BAD_REQUEST')
    expect((bare.cause as DomainError).field).toBe('comment')
    expect((bare.cause as DomainError).rule?.name).toBe('reasonRequired')
    await position(HONDA_REVIEWER, id, 'approve')
    const abstained = await position(NISSAN_REVIEWER, id, 'abstain', 'I worked on the rival bid.')
    expect(abstained.state).toBe('in_review')
    const page = await view(id)
    expect(page.reviewStatus.perParty.find((p) => p.party === 'NISSAN')).toMatchObject({
      approvals: 0,
      changesRequested: 0,
    })
    expect(waitsOfView(page).map((w) => w.kind)).toEqual(['reviewers_missing'])
    // The author and Nissan's battery lead were told the wait is theirs.
    const told = await world.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.recipient_id')
      .select('u.email')
      .where('n.proposal_id', '=', id)
      .where('n.kind', '=', 'wait.owned')
      .execute()
    expect(told.map((t) => t.email).sort()).toEqual(['battery.lead@nissan.example', AUTHOR])
    // Another Nissan reviewer approves: the reviews are complete.
    const lead = await as('battery.lead@nissan.example')
    await lead.proposal.assignReviewers({
      proposalId: id,
      expectedVersion: await currentVersion(lead, id),
      reviewerIds: [...REVIEWERS, 'engineer@nissan.example'].map(ix.user),
    })
    expect((await position('engineer@nissan.example', id, 'approve')).state).toBe(
      'awaiting_signoff',
    )
  })

  it('request changes: needs a reason, not counted, and blocks until the author revises', async () => {
    const id = await submitted('Request changes')
    expect((await refusal(position(NISSAN_REVIEWER, id, 'request_changes'))).code).toBe(
      'BAD_REQUEST',
    )
    await position(HONDA_REVIEWER, id, 'approve')
    await position(NISSAN_REVIEWER, id, 'request_changes', 'Name the plants.')
    const page = await view(id)
    expect(page.state).toBe('in_review')
    expect(waitsOfView(page).map((w) => w.kind)).toEqual(['changes_requested'])
  })

  it('recuse: an assigned reviewer steps aside; out of the counts, no longer a reviewer, the party waits on who can assign another', async () => {
    const id = await submitted('Recuse a reviewer')
    const bare = await refusal(recuse(NISSAN_REVIEWER, id, ''))
    expect(bare.code).toBe('BAD_REQUEST')
    await position(NISSAN_REVIEWER, id, 'approve')
    const recused = await recuse(NISSAN_REVIEWER, id)
    expect(recused.state).toBe('in_review')
    await position(HONDA_REVIEWER, id, 'approve')
    // Nissan's approval went with the recusal: the party waits on whoever assigns another.
    const page = await view(id)
    expect(page.state).toBe('in_review')
    expect(page.reviewStatus.perParty.find((p) => p.party === 'NISSAN')?.approvals).toBe(0)
    expect(waitsOfView(page)).toEqual([
      expect.objectContaining({ kind: 'reviewers_missing', party: 'NISSAN', have: 0 }),
    ])
    // Honda's author sees the recusal and its reason.
    expect(page.recusals).toEqual([
      expect.objectContaining({
        party: 'NISSAN',
        reason: 'My own unit bids in this tender.',
        person: expect.objectContaining({ id: ix.user(NISSAN_REVIEWER) }),
      }),
    ])
    const mine = await view(id, NISSAN_REVIEWER)
    expect(mine.myActions).not.toContain('review')
    expect(mine.myActions).not.toContain('recuse')
    const before = await fingerprint(world.db, id)
    const again = await refusal(position(NISSAN_REVIEWER, id, 'approve'))
    expect(again.code).toBe('FORBIDDEN')
    expect((again.cause as DomainError).rule).toEqual({ name: 'recused' })
    expect((await refusal(recuse(NISSAN_REVIEWER, id))).code).toBe('FORBIDDEN')
    expect(await fingerprint(world.db, id)).toEqual(before)
    // The inbox no longer asks them to review it.
    const box = await (await as(NISSAN_REVIEWER)).inbox.get({ partnershipId: world.partnershipId })
    expect(JSON.stringify(box)).not.toContain(id)
    const events = (await ledgerRows(world.db)).filter(
      (e) => e.entity_id === id && e.action === 'review.recused',
    )
    expect(events).toHaveLength(1)
    // The lead assigns another Nissan reviewer (the recused one stays listed, as history).
    const lead = await as('battery.lead@nissan.example')
    await lead.proposal.assignReviewers({
      proposalId: id,
      expectedVersion: await currentVersion(lead, id),
      reviewerIds: [...REVIEWERS, 'engineer@nissan.example'].map(ix.user),
    })
    expect((await position('engineer@nissan.example', id, 'approve')).state).toBe(
      'awaiting_signoff',
    )
  })

  it('recuse: a lead whose unit bids steps aside, is not offered sign-off and is refused it', async () => {
    const id = await submitted('Recuse a lead')
    await position(HONDA_REVIEWER, id, 'approve')
    await position(NISSAN_REVIEWER, id, 'approve')
    const lead = await as('battery.lead@nissan.example')
    expect((await view(id, 'battery.lead@nissan.example')).myActions).toEqual(
      expect.arrayContaining(['sign_off', 'reject', 'recuse']),
    )
    await recuse('battery.lead@nissan.example', id)
    const page = await view(id, 'battery.lead@nissan.example')
    expect(page.myActions).not.toContain('sign_off')
    expect(page.myActions).not.toContain('reject')
    const refused = await refusal(
      lead.proposal.signOff({
        proposalId: id,
        expectedVersion: page.version,
        verdict: 'approve',
        rationale: '',
      }),
    )
    expect(refused.code).toBe('FORBIDDEN')
    expect((refused.cause as DomainError).rule).toEqual({ name: 'recused' })
    // Nor can anyone ask them to review it.
    const author = await as(AUTHOR)
    const assign = await refusal(
      author.proposal.assignReviewers({
        proposalId: id,
        expectedVersion: page.version,
        reviewerIds: [...REVIEWERS, 'battery.lead@nissan.example'].map(ix.user),
      }),
    )
    expect((assign.cause as DomainError).rule).toEqual({ name: 'recused' })
    // Nissan's partnership lead still signs for Nissan.
    const nissanLead = await as('lead@nissan.example')
    expect((await view(id, 'lead@nissan.example')).myActions).toContain('sign_off')
    await nissanLead.proposal.signOff({
      proposalId: id,
      expectedVersion: page.version,
      verdict: 'approve',
      rationale: '',
    })
  })
})
