/**
 * What waits on the signed-in user, across the partnership: the waits rule (shared/waits.ts) asked
 * for each open proposal they may see, keeping the waits they own (the lifecycle table decides who
 * may take the action that resolves each). Reasons are codes (shared/waiting.ts) the client words.
 */
import type { ExpressionBuilder } from 'kysely'
import type { Executor } from '../../../db/connect'
import type { Database, Proposal } from '../../../db/schema'
import { proposalCode } from '../../../shared/codes'
import { isOverdue } from '../../../shared/lifecycle'
import type { InboxReason } from '../../../shared/waiting'
import { type Owner, ownedBy, type Wait, waitsOf } from '../../../shared/waits'
import { rolesIn, type SessionUser } from '../users'
import { canSee, relationsFor, workstreamsLedBy } from './access'
import { waitFactsFor } from './waits'

type Owned = { wait: Wait; owner: Owner }

/**
 * The proposals on which this person can own a wait at all, as one set of ids the database draws
 * from its indexes, not from every open proposal of the partnership (issue 16: the inbox's cost
 * must not grow with the record). A superset of what the rule below keeps, read off shared/waits.ts
 * `ownedBy` and the relations the inbox gives (no concern facts, no delegation):
 *
 * - the author owns the author's waits (and assigning reviewers, which the author may do);
 * - a named person: a pending reviewer (assigned to it), a concern's raiser (an open concern);
 * - a party's wait needs, besides the author, a relation only a lead has: a workstream lead of
 *   the proposal's workstream (assign reviewers, sign off), or a partnership lead (sign off: only
 *   while awaiting sign-off; a concern held by the leads: an open concern handed over);
 * - the overdue list is for leads: the workstream's, or a partnership lead on anything with a date.
 *
 * The rule still decides every item; this only leaves out proposals it could never keep.
 */
function candidates(
  eb: ExpressionBuilder<Database, never>,
  user: SessionUser,
  partnershipId: string,
) {
  const roles = rolesIn(user, partnershipId)
  // By the author's index alone; the caller keeps the partnership's.
  let ids = eb
    .selectFrom('proposals')
    .select('id')
    .where('author_id', '=', user.id)
    .union(
      eb
        .selectFrom('proposal_reviewers')
        .select('proposal_id as id')
        .where('user_id', '=', user.id),
    )
    .union(
      eb
        .selectFrom('concerns')
        .select('proposal_id as id')
        .where('raised_by', '=', user.id)
        .where('status', '=', 'open'),
    )
  if (roles.includes('workstream_lead'))
    ids = ids.union(
      eb
        .selectFrom('proposals')
        .select('id')
        .where(
          'workstream_id',
          'in',
          eb
            .selectFrom('workstream_people')
            .select('workstream_id')
            .where('user_id', '=', user.id)
            .where('role', '=', 'lead'),
        ),
    )
  if (roles.includes('partnership_lead'))
    ids = ids
      .union(
        eb
          .selectFrom('proposals')
          .select('id')
          .where('partnership_id', '=', partnershipId)
          .where('state', '=', 'awaiting_signoff'),
      )
      .union(
        eb
          .selectFrom('proposals')
          .select('id')
          .where('partnership_id', '=', partnershipId)
          .where('decide_by', 'is not', null),
      )
      .union(
        eb
          .selectFrom('concerns')
          .select('proposal_id as id')
          .where('status', '=', 'open')
          .where('handed_over_at', 'is not', null),
      )
  return ids
}

export async function inbox(
  db: Executor,
  user: SessionUser,
  partnershipId: string,
  /** every open proposal, not only the candidates: the reference the tests hold this against */
  options: { allOpen?: boolean } = {},
) {
  // Proposals under way, and the caller's own drafts: other people's drafts never wait on
  // anyone but their authors, and over the years they would be most of the open rows. Of those,
  // only the ones on which the caller can own a wait (`candidates`): read from the candidates,
  // joined to their rows, so the database walks those few and not the partnership's proposals.
  const open = await db
    .selectFrom((eb) =>
      (options.allOpen
        ? eb.selectFrom('proposals').select('id')
        : candidates(eb, user, partnershipId)
      ).as('c'),
    )
    // A cross join with the condition in the where: SQLite then keeps the candidates as the
    // outer loop and looks each proposal up by its key (an inner join let it walk the
    // partnership's proposals instead); PostgreSQL plans it as any join.
    .crossJoin('proposals')
    .whereRef('proposals.id', '=', 'c.id')
    .selectAll('proposals')
    .where('proposals.partnership_id', '=', partnershipId)
    .where((eb) =>
      eb.or([
        eb('proposals.state', 'in', ['in_review', 'awaiting_signoff']),
        eb.and([eb('proposals.state', '=', 'draft'), eb('proposals.author_id', '=', user.id)]),
      ]),
    )
    .orderBy('proposals.number', 'desc')
    .execute()
  const visible = open.filter((p) => canSee(user, p))
  const ids = visible.map((p) => p.id)
  const [myReviewerRows, facts, leads] = await Promise.all([
    ids.length
      ? db
          .selectFrom('proposal_reviewers')
          .select('proposal_id')
          .where('user_id', '=', user.id)
          .where('proposal_id', 'in', ids)
          .execute()
      : [],
    waitFactsFor(db, visible),
    workstreamsLedBy(db, user.id),
  ])
  const assigned = new Set(myReviewerRows.map((r) => r.proposal_id))
  const owned = new Map<string, Owned[]>()
  const relations = new Map(
    visible.map((p) => {
      const r = relationsFor(user, p, {
        isAssignedReviewer: assigned.has(p.id),
        leadsWorkstream: p.workstream_id !== null && leads.has(p.workstream_id),
        isRecused: facts.get(p.id)?.recused?.includes(user.id) ?? false,
      })
      const f = facts.get(p.id)
      const me = {
        userId: user.id,
        partyCode: user.partyCode,
        relations: r,
        partySigned: Boolean(user.partyCode && f?.signedParties.includes(user.partyCode)),
      }
      owned.set(
        p.id,
        (f ? waitsOf(f) : []).flatMap((wait) => {
          const owner = ownedBy(wait, p.state, me)
          return owner ? [{ wait, owner }] : []
        }),
      )
      return [p.id, r]
    }),
  )
  const overdueOf = (p: Proposal) => isOverdue({ decideBy: p.decide_by, state: p.state })
  const item = (p: Proposal, reasons: InboxReason[], waits: Owned[] = []) => ({
    id: p.id,
    code: proposalCode(p),
    title: p.title,
    state: p.state,
    revision: p.current_revision,
    decideBy: p.decide_by,
    overdue: overdueOf(p),
    reasons,
    concerns: waits.flatMap(({ wait }) =>
      wait.kind === 'concern_open' ? [{ id: wait.concernId, title: wait.title }] : [],
    ),
    /** the waits this person owns here, each with the action that resolves it */
    waits: waits.map(({ wait, owner }) => ({ ...wait, action: owner.action })),
  })
  const group = (
    test: (o: Owned, p: Proposal) => boolean,
    reasonsOf: (waits: Owned[]) => InboxReason[],
  ) =>
    visible.flatMap((p) => {
      const waits = (owned.get(p.id) ?? []).filter((o) => test(o, p))
      return waits.length ? [item(p, reasonsOf(waits), waits)] : []
    })

  const reviewsRequested = group(
    (o) => o.owner.action === 'review',
    () => ['review'],
  )
  const signoffsOwed = group(
    (o) => o.owner.action === 'sign_off',
    () => ['signoff'],
  )
  // What the author owns: their draft, changes requested, concerns to answer, reviewers to add,
  // a charter code taken meanwhile. A draft's own checklist says what else it lacks.
  const myProposals = group(
    (o, p) =>
      o.owner.who === 'author' && !(p.state === 'draft' && o.wait.kind === 'reviewers_missing'),
    (waits) => reasonsOf(waits.map((w) => w.wait)),
  )
  // Waits on others than the author: a lead to add reviewers, a raiser to resolve their concern.
  const helpWanted = group(
    (o) =>
      o.owner.who !== 'author' &&
      (o.owner.action === 'assign_reviewers' || o.owner.action === 'resolve_concern'),
    (waits) =>
      unique(
        waits.map((w) =>
          w.wait.kind !== 'concern_open'
            ? 'reviewers_missing'
            : w.owner.who === 'party_leads'
              ? 'concern_held'
              : 'concern_raised',
        ),
      ),
  )

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
    helpWanted,
    overdue,
    counts: {
      reviewsRequested: reviewsRequested.length,
      signoffsOwed: signoffsOwed.length,
      myProposals: myProposals.length,
      helpWanted: helpWanted.length,
      overdue: overdue.length,
      total:
        reviewsRequested.length +
        signoffsOwed.length +
        myProposals.length +
        helpWanted.length +
        overdue.length,
    },
  }
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)]
}

/** The author's reasons, in the order the inbox has always given them. */
function reasonsOf(waits: Wait[]): InboxReason[] {
  const order: [Wait['kind'], InboxReason][] = [
    ['draft', 'draft'],
    ['changes_requested', 'changes_requested'],
    ['concern_open', 'concern'],
    ['reviewers_missing', 'reviewers_missing'],
    ['charter_conflict', 'charter_conflict'],
  ]
  return order.filter(([kind]) => waits.some((w) => w.kind === kind)).map(([, r]) => r)
}
