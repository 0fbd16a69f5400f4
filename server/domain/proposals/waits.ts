/**
 * The facts `waitsOf` (shared/waits.ts) looks at, read from the database for several proposals
 * at once (the inbox) or one (a transition, to tell who a new wait now waits on).
 */
import type { Executor } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { positionRule } from '../../../shared/positions'
import { type Wait, type WaitFacts, waitsOf } from '../../../shared/waits'
import { partiesOf } from '../partnerships'
import { recusalsOf } from './recusals'
import { contentOf } from './revision'
import { policyOf } from './tally'

/** Codes an amendment's current revision adds that the charter already holds. */
export async function conflictingCodes(db: Executor, p: Proposal): Promise<string[]> {
  if (p.type !== 'amendment') return []
  const revision = await db
    .selectFrom('proposal_revisions')
    .selectAll()
    .where('proposal_id', '=', p.id)
    .where('number', '=', p.current_revision)
    .executeTakeFirst()
  if (!revision) return []
  const adds = (contentOf(revision).amendment?.changes ?? []).flatMap((c) =>
    c.op === 'add' ? [c.code] : [],
  )
  if (adds.length === 0) return []
  const taken = await db
    .selectFrom('charter_items')
    .select('code')
    .where('partnership_id', '=', p.partnership_id)
    .where('code', 'in', adds)
    .execute()
  return taken.map((t) => t.code).sort()
}

/** The facts of each of `proposals` (open ones; of one partnership or several). */
export async function waitFactsFor(
  db: Executor,
  proposals: readonly Proposal[],
): Promise<Map<string, WaitFacts>> {
  const facts = new Map<string, WaitFacts>()
  if (proposals.length === 0) return facts
  const ids = proposals.map((p) => p.id)
  const partnershipIds = [...new Set(proposals.map((p) => p.partnership_id))]
  const [
    parties,
    reviewers,
    reviews,
    concerns,
    signoffs,
    partnershipPolicies,
    conflicts,
    recusals,
  ] = await Promise.all([
    partiesOf(db, partnershipIds),
    db
      .selectFrom('proposal_reviewers')
      .select(['proposal_id', 'user_id', 'party'])
      .where('proposal_id', 'in', ids)
      .execute(),
    db
      .selectFrom('reviews')
      .select(['proposal_id', 'revision', 'reviewer_id', 'verdict'])
      .where('proposal_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('concerns')
      .select(['id', 'proposal_id', 'title', 'raised_by', 'party', 'handed_over_at'])
      .where('status', '=', 'open')
      .where('proposal_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('signoffs')
      .select(['proposal_id', 'revision', 'party'])
      .where('proposal_id', 'in', ids)
      .where('verdict', '=', 'approve')
      .execute(),
    // One statement for the partnerships' policies, not one per proposal (ADR 0036).
    proposals.every((p) => p.policy)
      ? []
      : db
          .selectFrom('partnerships')
          .select(['id', 'approval_policy'])
          .where('id', 'in', partnershipIds)
          .execute(),
    Promise.all(proposals.map((p) => conflictingCodes(db, p))),
    recusalsOf(db, ids),
  ])
  proposals.forEach((p, i) => {
    const policy = policyOf(
      p.policy
        ? p
        : {
            policy:
              partnershipPolicies.find((x) => x.id === p.partnership_id)?.approval_policy ?? null,
          },
    )
    const assigned = reviewers.filter((r) => r.proposal_id === p.id)
    const assignedIds = new Set(assigned.map((r) => r.user_id))
    // A reviewer's latest verdict on the current revision is the one that counts.
    const latest = new Map<string, string>()
    for (const r of reviews)
      if (
        r.proposal_id === p.id &&
        r.revision === p.current_revision &&
        assignedIds.has(r.reviewer_id)
      )
        latest.set(r.reviewer_id, r.verdict)
    facts.set(p.id, {
      state: p.state,
      authorId: p.author_id,
      parties: parties.filter((x) => x.partnership_id === p.partnership_id).map((x) => x.code),
      needed: policy.reviewsPerParty[p.type],
      reviewers: assigned.map((r) => ({ userId: r.user_id, party: r.party })),
      verdicts: [...latest].map(([reviewerId, verdict]) => ({ reviewerId, verdict })),
      concerns: concerns
        .filter((c) => c.proposal_id === p.id)
        .map((c) => ({
          id: c.id,
          title: c.title,
          raisedBy: c.raised_by,
          party: c.party,
          heldByLeads: c.handed_over_at !== null,
        })),
      signedParties: signoffs
        .filter((s) => s.proposal_id === p.id && s.revision === p.current_revision)
        .map((s) => s.party),
      needsPartnershipLeads: p.needs_partnership_leads === 1,
      conflictingCodes: conflicts[i] ?? [],
      counted: positionRule(policy, p.type).counted,
      recused: recusals.filter((r) => r.proposal_id === p.id).map((r) => r.user_id),
    })
  })
  return facts
}

/** What one proposal waits on now. */
export async function waitsOfProposal(db: Executor, p: Proposal): Promise<Wait[]> {
  const facts = (await waitFactsFor(db, [p])).get(p.id)
  return facts ? waitsOf(facts) : []
}
