/**
 * What waits on the signed-in user, across the partnership. Who is asked is the lifecycle table's
 * answer for each proposal (`relationsFor` + `check`), as the server would enforce it; the reasons
 * are codes (shared/waiting.ts) that the client words.
 */
import type { Executor } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { proposalCode } from '../../../shared/codes'
import { check, isOverdue, meetsConditions } from '../../../shared/lifecycle'
import type { InboxReason } from '../../../shared/waiting'
import type { SessionUser } from '../users'
import { canSee, relationsFor, workstreamsLedBy } from './access'
import { openConcernsOf } from './tally'

export async function inbox(db: Executor, user: SessionUser, partnershipId: string) {
  // Proposals under way, and the caller's own drafts: other people's drafts never wait on
  // anyone but their authors, and over the years they would be most of the open rows.
  const open = await db
    .selectFrom('proposals')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where((eb) =>
      eb.or([
        eb('state', 'in', ['in_review', 'awaiting_signoff']),
        eb.and([eb('state', '=', 'draft'), eb('author_id', '=', user.id)]),
      ]),
    )
    .orderBy('number', 'desc')
    .execute()
  const visible = open.filter((p) => canSee(user, p))
  const ids = visible.map((p) => p.id)
  const [myReviewerRows, reviews, signoffs, openConcerns] = ids.length
    ? await Promise.all([
        db
          .selectFrom('proposal_reviewers')
          .select('proposal_id')
          .where('user_id', '=', user.id)
          .where('proposal_id', 'in', ids)
          .execute(),
        db
          .selectFrom('reviews')
          .select(['proposal_id', 'revision', 'reviewer_id', 'verdict', 'created_at'])
          .where('proposal_id', 'in', ids)
          .orderBy('created_at')
          .execute(),
        db
          .selectFrom('signoffs')
          .select(['proposal_id', 'revision', 'party', 'verdict'])
          .where('proposal_id', 'in', ids)
          .execute(),
        openConcernsOf(db, ids),
      ])
    : [[], [], [], []]
  const assigned = new Set(myReviewerRows.map((r) => r.proposal_id))
  const leads = await workstreamsLedBy(db, user.id)
  const relations = new Map(
    visible.map((p) => [
      p.id,
      relationsFor(user, p, {
        isAssignedReviewer: assigned.has(p.id),
        leadsWorkstream: p.workstream_id !== null && leads.has(p.workstream_id),
      }),
    ]),
  )
  const overdueOf = (p: Proposal) => isOverdue({ decideBy: p.decide_by, state: p.state })
  const item = (
    p: Proposal,
    reasons: InboxReason[],
    concerns: { id: string; title: string }[] = [],
  ) => ({
    id: p.id,
    code: proposalCode(p),
    title: p.title,
    state: p.state,
    revision: p.current_revision,
    decideBy: p.decide_by,
    overdue: overdueOf(p),
    reasons,
    concerns,
  })
  const onCurrent = (p: Proposal) => (r: { proposal_id: string; revision: number }) =>
    r.proposal_id === p.id && r.revision === p.current_revision
  // The lifecycle table, then its conditions (one sign-off per party per revision), as the server
  // and the proposal page ask them.
  const may = (p: Proposal, action: 'review' | 'sign_off') =>
    check(action, p.state, relations.get(p.id) ?? new Set()).allowed &&
    meetsConditions(action, {
      partySigned: signoffs.some(
        (s) => onCurrent(p)(s) && s.party === user.partyCode && s.verdict === 'approve',
      ),
    })

  const reviewsRequested = visible
    .filter(
      (p) => may(p, 'review') && !reviews.some((r) => onCurrent(p)(r) && r.reviewer_id === user.id),
    )
    .map((p) => item(p, ['review']))

  const signoffsOwed = visible.filter((p) => may(p, 'sign_off')).map((p) => item(p, ['signoff']))

  const latestVerdicts = (p: Proposal) => {
    const latest = new Map<string, string>()
    for (const r of reviews.filter(onCurrent(p))) latest.set(r.reviewer_id, r.verdict)
    return [...latest.values()]
  }
  const myProposals = visible
    .filter((p) => p.author_id === user.id)
    .flatMap((p) => {
      const reasons: InboxReason[] = []
      if (p.state === 'draft') reasons.push('draft')
      if (latestVerdicts(p).includes('request_changes')) reasons.push('changes_requested')
      const concerns = openConcerns.filter((c) => c.proposal_id === p.id)
      if (concerns.length) reasons.push('concern')
      return reasons.length
        ? [
            item(
              p,
              reasons,
              concerns.map((c) => ({ id: c.id, title: c.title })),
            ),
          ]
        : []
    })

  // Leads watch the dates: partnership leads everywhere, workstream leads in their workstream.
  const overdue = visible
    .filter((p) => {
      const r = relations.get(p.id)
      return (
        overdueOf(p) &&
        p.state !== 'draft' &&
        (r?.has('partnership_lead') || r?.has('workstream_lead'))
      )
    })
    .map((p) => item(p, ['overdue']))

  return {
    reviewsRequested,
    signoffsOwed,
    myProposals,
    overdue,
    counts: {
      reviewsRequested: reviewsRequested.length,
      signoffsOwed: signoffsOwed.length,
      myProposals: myProposals.length,
      overdue: overdue.length,
      total: reviewsRequested.length + signoffsOwed.length + myProposals.length + overdue.length,
    },
  }
}
