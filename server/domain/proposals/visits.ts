/**
 * "What changed since my last visit" (issue 13, ADR 0027). Opening a proposal records the time,
 * per person and proposal, in `proposal_visits`: one upsert, never a ledger event (a read must not
 * write the joint record), and nobody else ever reads it. What counts as a change is what the
 * visitor may read anyway, by others: a new revision, reviews, joint comments (and internal ones
 * of their own party only), concerns raised or resolved, sign-offs, and the proposal's submission
 * or closing. Another party's internal comments never count, so neither they nor their timing show.
 */
import { sql } from 'kysely'
import type { Db, Executor } from '../../../db/connect'
import type { ProposalState } from '../../../shared/lifecycle'
import { recordTimeNow } from '../../clock'
import type { SessionUser } from '../users'
import { loadProposal } from './access'

export interface VisitChanges {
  revisions: number
  reviews: number
  comments: number
  concerns: number
  signoffs: number
  /** the state now, when the proposal was submitted or closed since */
  state: ProposalState | null
}

export const NO_CHANGES: VisitChanges = {
  revisions: 0,
  reviews: 0,
  comments: 0,
  concerns: 0,
  signoffs: 0,
  state: null,
}

const NONE = (): VisitChanges => ({ ...NO_CHANGES })

export function changeCount(c: VisitChanges): number {
  return c.revisions + c.reviews + c.comments + c.concerns + c.signoffs + (c.state ? 1 : 0)
}

/**
 * What changed on each proposal since the time given for it, as `user` may see it. The proposals
 * must be ones `user` may read (the callers load them through the read rule).
 */
export async function changesSince(
  db: Executor,
  user: SessionUser,
  since: ReadonlyMap<string, string>,
): Promise<Map<string, VisitChanges>> {
  const result = new Map<string, VisitChanges>()
  const ids = [...since.keys()]
  if (ids.length === 0) return result
  const after = (id: string, at: string | null) => at !== null && at > (since.get(id) ?? at)
  const [proposals, revisions, reviews, comments, concerns, signoffs] = await Promise.all([
    db
      .selectFrom('proposals')
      .select(['id', 'state', 'submitted_at', 'closed_at'])
      .where('id', 'in', ids)
      .execute(),
    db
      .selectFrom('proposal_revisions')
      .select(['proposal_id', 'created_at'])
      .where('proposal_id', 'in', ids)
      .where('number', '>', 1)
      .where('created_by', '!=', user.id)
      .execute(),
    db
      .selectFrom('reviews')
      .select(['proposal_id', 'created_at'])
      .where('proposal_id', 'in', ids)
      .where('reviewer_id', '!=', user.id)
      .execute(),
    db
      .selectFrom('comments')
      .select(['proposal_id', 'created_at'])
      .where('proposal_id', 'in', ids)
      .where('author_id', '!=', user.id)
      // The read rule of comments: joint ones, and the internal ones of one's own party only.
      .where((eb) =>
        user.partyCode
          ? eb.or([
              eb('visibility', '=', 'joint'),
              eb.and([eb('visibility', '=', 'internal'), eb('party', '=', user.partyCode)]),
            ])
          : eb('visibility', '=', 'joint'),
      )
      .execute(),
    db
      .selectFrom('concerns')
      .select(['proposal_id', 'created_at', 'raised_by', 'resolved_at', 'resolved_by'])
      .where('proposal_id', 'in', ids)
      .execute(),
    db
      .selectFrom('signoffs')
      .select(['proposal_id', 'created_at'])
      .where('proposal_id', 'in', ids)
      .where('signer_id', '!=', user.id)
      .execute(),
  ])
  for (const id of ids) result.set(id, NONE())
  const bump = (id: string, key: Exclude<keyof VisitChanges, 'state'>) => {
    const c = result.get(id)
    if (c) c[key] += 1
  }
  for (const r of revisions)
    if (after(r.proposal_id, r.created_at)) bump(r.proposal_id, 'revisions')
  for (const r of reviews) if (after(r.proposal_id, r.created_at)) bump(r.proposal_id, 'reviews')
  for (const c of comments) if (after(c.proposal_id, c.created_at)) bump(c.proposal_id, 'comments')
  for (const c of concerns) {
    if (c.raised_by !== user.id && after(c.proposal_id, c.created_at))
      bump(c.proposal_id, 'concerns')
    if (c.resolved_by !== null && c.resolved_by !== user.id && after(c.proposal_id, c.resolved_at))
      bump(c.proposal_id, 'concerns')
  }
  for (const s of signoffs) if (after(s.proposal_id, s.created_at)) bump(s.proposal_id, 'signoffs')
  for (const p of proposals) {
    const c = result.get(p.id)
    if (c && (after(p.id, p.submitted_at) || after(p.id, p.closed_at))) c.state = p.state
  }
  return result
}

/** When `user` last opened each of these proposals (those never opened are absent). */
export async function lastVisits(
  db: Executor,
  user: SessionUser,
  proposalIds: string[],
): Promise<Map<string, string>> {
  if (proposalIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('proposal_visits')
    .select(['proposal_id', 'visited_at'])
    .where('user_id', '=', user.id)
    .where('proposal_id', 'in', proposalIds)
    .execute()
  return new Map(rows.map((r) => [r.proposal_id, r.visited_at]))
}

/**
 * Opening the proposal page: what changed since the last visit (null on the first), and the visit
 * recorded now. One statement, an upsert; it is the visitor's own row and no ledger event.
 */
export async function visitProposal(db: Db, user: SessionUser, proposalId: string) {
  const p = await loadProposal(db, user, proposalId)
  const last = (await lastVisits(db, user, [p.id])).get(p.id) ?? null
  const changes = last ? (await changesSince(db, user, new Map([[p.id, last]]))).get(p.id) : null
  const now = recordTimeNow()
  await db
    .insertInto('proposal_visits')
    .values({ user_id: user.id, proposal_id: p.id, visited_at: now })
    .onConflict((oc) =>
      oc.columns(['user_id', 'proposal_id']).doUpdateSet({ visited_at: sql`excluded.visited_at` }),
    )
    .execute()
  return { lastVisitAt: last, changes: changes ?? null }
}
