import { type RawBuilder, type SqlBool, sql } from 'kysely'
import type { SessionUser } from '../domain/users'

/**
 * Who may find a search document: the same rule as every read of the record (to be merged with
 * the domain's one privacy rule), stated once for search, over the aliases `d` (search_documents)
 * and `p` (the proposal a document belongs to, left-joined; null for a charter item).
 *
 * - nothing of a partnership the person holds no role in (the caller checks the role; this
 *   keeps the query to the one partnership);
 * - a proposal that was never submitted (`submitted_at` is null), and everything on it, only for
 *   its author's party: "ever submitted", not the current state, so a draft withdrawn before
 *   submission stays private;
 * - an internal comment only for its own party (its party's auditors included); external
 *   auditors belong to no party and see neither.
 */
export function searchVisibleTo(user: SessionUser, partnershipId: string): RawBuilder<SqlBool> {
  const party = user.partyCode
  return sql<SqlBool>`(d.partnership_id = ${partnershipId}
    and (d.proposal_id is null or p.submitted_at is not null or p.author_party = ${party})
    and (d.private_party is null or d.private_party = ${party}))`
}
