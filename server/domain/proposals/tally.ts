/** Where the current revision stands: the reviews per party, and the sign-offs per party. */
import { z } from 'zod'
import type { Executor } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { statementTemplate } from '../../../db/template'
import { type ApprovalPolicy, DEFAULT_POLICY } from '../../../shared/charter'
import {
  ALWAYS_OFFERED,
  COUNTABLE_POSITIONS,
  countsToward,
  DEFAULT_POSITIONS,
  POSITIONS,
} from '../../../shared/positions'
import { partiesOf } from '../partnerships'
import { recusedOn } from './recusals'

const positionRule = z
  .object({ offered: z.array(z.enum(POSITIONS)), counted: z.array(z.enum(POSITIONS)) })
  .refine(
    (r) =>
      ALWAYS_OFFERED.every((x) => r.offered.includes(x)) &&
      r.counted.includes('approve') &&
      r.counted.every(
        (x) => r.offered.includes(x) && (COUNTABLE_POSITIONS as readonly string[]).includes(x),
      ),
    'positions: approve, request changes and recuse are always offered; only offered approve and no objection count',
  )

// A policy frozen before positions existed (ADR 0029) is read with the default positions.
const approvalPolicy = z.object({
  reviewsPerParty: z.object({ decision: z.number().int(), amendment: z.number().int() }),
  positions: z
    .object({ decision: positionRule, amendment: positionRule })
    .default(DEFAULT_POSITIONS),
}) satisfies z.ZodType<ApprovalPolicy, unknown>

/** The policy frozen at submission; the partnership's default before it. */
export function policyOf(p: Pick<Proposal, 'policy'>): ApprovalPolicy {
  return p.policy ? approvalPolicy.parse(JSON.parse(p.policy)) : DEFAULT_POLICY
}

/**
 * The policy a proposal is judged by: frozen at submission; before it, the partnership's own
 * (where the policy lives), so a draft's checklist counts what its submission will need.
 */
export async function policyFor(
  db: Executor,
  p: Pick<Proposal, 'policy' | 'partnership_id'>,
): Promise<ApprovalPolicy> {
  if (p.policy) return policyOf(p)
  const row = await db
    .selectFrom('partnerships')
    .select('approval_policy')
    .where('id', '=', p.partnership_id)
    .executeTakeFirst()
  return policyOf({ policy: row?.approval_policy ?? null })
}

/** The people assigned to review the proposal, with their parties. */
export function reviewersOf(db: Executor, p: Pick<Proposal, 'id'>) {
  return db
    .selectFrom('proposal_reviewers')
    .select(['user_id', 'party'])
    .where('proposal_id', '=', p.id)
    .execute()
}

/** The open concerns of these proposals. */
export function openConcernsOf(db: Executor, proposalIds: string[]) {
  return db
    .selectFrom('concerns')
    .select(['id', 'proposal_id', 'title'])
    .where('status', '=', 'open')
    .where('proposal_id', 'in', proposalIds)
    .execute()
}

/** The review tally of the current revision, per party. */
export async function reviewStatus(db: Executor, p: Proposal) {
  const policy = await policyFor(db, p)
  const needed = policy.reviewsPerParty[p.type]
  const [parties, reviewers, reviews, openConcerns, recused] = await Promise.all([
    partiesOf(db, [p.partnership_id]),
    reviewersOf(db, p),
    db
      .selectFrom('reviews')
      .select(['reviewer_id', 'party', 'verdict', 'created_at', 'id'])
      .where('proposal_id', '=', p.id)
      .where('revision', '=', p.current_revision)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    openConcernsOf(db, [p.id]),
    recusedOn(db, p.id),
  ])
  // A recused reviewer is out of the count, whatever they said before (ADR 0029).
  const assigned = new Set(reviewers.map((r) => r.user_id).filter((id) => !recused.has(id)))
  // A reviewer's latest verdict on the current revision is the one that counts.
  const latest = new Map<string, { party: string; verdict: string }>()
  for (const r of reviews) if (assigned.has(r.reviewer_id)) latest.set(r.reviewer_id, r)
  const perParty = parties.map(({ code }) => {
    const verdicts = [...latest.values()].filter((v) => v.party === code)
    return {
      party: code,
      approvals: verdicts.filter((v) => countsToward(policy, p.type, v.verdict)).length,
      changesRequested: verdicts.filter((v) => v.verdict === 'request_changes').length,
      needed,
    }
  })
  const ready =
    openConcerns.length === 0 &&
    perParty.every((x) => x.approvals >= x.needed && x.changesRequested === 0)
  return { perParty, openConcerns: openConcerns.length, ready }
}
export type ReviewStatus = Awaited<ReturnType<typeof reviewStatus>>

/** Each party's sign-off on the current revision: a rejection, an approval, or pending. */
export function signoffTally(
  parties: { code: string; name: string }[],
  signoffs: {
    party: string
    revision: number
    verdict: string
    signer_id: string
    created_at: string
  }[],
  revision: number,
) {
  return parties.map(({ code, name }) => {
    const onCurrent = signoffs.filter((s) => s.party === code && s.revision === revision)
    const approved = onCurrent.find((s) => s.verdict === 'approve')
    const rejected = onCurrent.find((s) => s.verdict === 'reject')
    const decided = approved ?? rejected
    return {
      party: code,
      partyName: name,
      status: rejected
        ? ('rejected' as const)
        : approved
          ? ('approved' as const)
          : ('pending' as const),
      signerId: decided?.signer_id ?? null,
      at: decided?.created_at ?? null,
    }
  })
}

const approvingParties = statementTemplate((db, v: { proposalId: string; revision: number }) =>
  db
    .selectFrom('signoffs')
    .select('party')
    .where('proposal_id', '=', v.proposalId)
    .where('revision', '=', v.revision)
    .where('verdict', '=', 'approve'),
)

/** The parties that signed off (approved) this revision. */
export async function signedParties(db: Executor, p: Proposal): Promise<Set<string>> {
  const rows = await approvingParties(db, { proposalId: p.id, revision: p.current_revision })
  return new Set(rows.map((s) => s.party))
}
