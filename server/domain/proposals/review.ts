/** Reviewing: who reviews (assigned by the author or a workstream lead) and their verdicts. */
import type { Db } from '../../../db/connect'
import { proposalCode } from '../../../shared/codes'
import { DomainError } from '../../../shared/errors'
import { CREATE } from '../../../shared/lifecycle'
import { positionRule, REASON_REQUIRED, type ReviewPosition } from '../../../shared/positions'
import { recordTimeNow } from '../../clock'
import type { SessionUser } from '../users'
import { actingParty } from './access'
import { recusedOn } from './recusals'
import { onCurrentRevision } from './revision'
import { policyFor, reviewersOf } from './tally'
import { act } from './transition'

const now = () => recordTimeNow()

export async function assignReviewers(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; reviewerIds: string[] },
) {
  const { next } = await act(db, user, input, 'assign_reviewers', async ({ trx, p }) => {
    const ids = [...new Set(input.reviewerIds)]
    if (ids.includes(p.author_id)) {
      throw new DomainError(
        'VALIDATION',
        'reviewerIds: the author cannot review their own proposal.',
        { field: 'reviewerIds' },
      )
    }
    // Reviewers are people who may take part: the same roles that may file.
    const people = ids.length
      ? await trx
          .selectFrom('users')
          .innerJoin('parties', 'parties.id', 'users.party_id')
          .innerJoin('memberships', 'memberships.user_id', 'users.id')
          .select(['users.id', 'users.status', 'parties.code'])
          .where('users.id', 'in', ids)
          .where('memberships.partnership_id', '=', p.partnership_id)
          .where('memberships.role', 'in', [...CREATE.who])
          .execute()
      : []
    const partyOf = new Map(people.filter((x) => x.status === 'active').map((x) => [x.id, x.code]))
    const rows = ids.flatMap((id) => {
      const party = partyOf.get(id)
      return party
        ? [{ proposal_id: p.id, user_id: id, party, assigned_by: user.id, assigned_at: now() }]
        : []
    })
    if (rows.length !== ids.length) {
      throw new DomainError(
        'VALIDATION',
        'reviewerIds: reviewers must be active members or leads of a party to the partnership.',
        { field: 'reviewerIds' },
      )
    }
    const before = await reviewersOf(trx, p)
    // Someone who recused cannot be asked again (ADR 0029); kept where already assigned, as history.
    const recused = await recusedOn(trx, p.id)
    const earlier = new Set(before.map((r) => r.user_id))
    if (ids.some((id) => recused.has(id) && !earlier.has(id))) {
      throw new DomainError(
        'VALIDATION',
        'reviewerIds: someone you named recused from this proposal; assign another reviewer.',
        { field: 'reviewerIds', rule: { name: 'recused' } },
      )
    }
    await trx.deleteFrom('proposal_reviewers').where('proposal_id', '=', p.id).execute()
    if (rows.length > 0) await trx.insertInto('proposal_reviewers').values(rows).execute()
    return {
      event: {
        action: 'proposal.reviewers_assigned',
        before: { reviewers: before.map((r) => r.user_id).sort() },
        after: { reviewers: [...ids].sort() },
      },
      result: null,
    }
  })
  // Removing the one reviewer who held out can complete the reviews (transition's automatic step).
  return { version: next.version }
}

export async function reviewProposal(
  db: Db,
  user: SessionUser,
  input: {
    proposalId: string
    expectedVersion: number
    verdict: ReviewPosition
    comment: string
  },
) {
  if (REASON_REQUIRED.includes(input.verdict) && !input.comment.trim()) {
    throw new DomainError(
      'VALIDATION',
      input.verdict === 'request_changes'
        ? 'comment: say what should change when you request changes.'
        : 'comment: an abstention gives its reason on the record.',
      { field: 'comment', rule: { name: 'reasonRequired', params: { position: input.verdict } } },
    )
  }
  const { next, result } = await act(db, user, input, 'review', async ({ trx, p }) => {
    // The policy frozen at submission says which positions this type of proposal offers.
    const offered = positionRule(await policyFor(trx, p), p.type).offered
    if (!(offered as string[]).includes(input.verdict)) {
      throw new DomainError(
        'VALIDATION',
        `verdict: the policy of ${proposalCode(p)} does not offer this position (it offers ${offered.join(', ')}).`,
        { field: 'verdict', rule: { name: 'notOffered', params: { position: input.verdict } } },
      )
    }
    const row = { ...onCurrentRevision(p), reviewer_id: user.id, party: actingParty(user) }
    await trx
      .insertInto('reviews')
      .values({ ...row, verdict: input.verdict, comment: input.comment })
      .execute()
    return {
      event: {
        action: 'review.recorded',
        after: {
          reviewId: row.id,
          revision: row.revision,
          verdict: input.verdict,
          comment: input.comment,
        },
      },
      result: row.id,
    }
  })
  return { reviewId: result, version: next.version, state: next.state }
}
