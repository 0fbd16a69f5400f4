/**
 * When a concern's raiser leaves (ADR 0031): their account is disabled, or they keep no role that
 * lets them take part in the partnership. Their open concerns would block for ever; instead the
 * partnership leads of the raiser's own party hold them from then on (shared/waits.ts owns the
 * wait to them; the lifecycle table already lets those leads resolve them). Never the other party,
 * never the operator. Called inside the transaction that disables the account or changes the
 * roles, so the handover and its ledger events commit with the change or not at all.
 */
import type { Trx } from '../../../db/connect'
import { type Actor, appendEvent } from '../../audit/ledger'
import { recordTimeNow } from '../../clock'
import { tellConcernHeld } from './notices'

export type HandoverReason = 'account_disabled' | 'role_removed'

/**
 * Hands the open concerns `userId` raised on open proposals (of one partnership, or all) to their
 * party's partnership leads. Returns how many were handed over.
 */
export async function handOverConcernsOf(
  trx: Trx,
  actor: Actor,
  userId: string,
  reason: HandoverReason,
  partnershipId: string | null = null,
): Promise<number> {
  let query = trx
    .selectFrom('concerns as c')
    .innerJoin('proposals as p', 'p.id', 'c.proposal_id')
    .select(['c.id', 'c.party', 'p.id as proposalId', 'p.partnership_id as partnershipId'])
    .where('c.raised_by', '=', userId)
    .where('c.status', '=', 'open')
    .where('c.handed_over_at', 'is', null)
    // A closed proposal's open concern blocks nothing any more: it stays as it was.
    .where('p.state', 'in', ['in_review', 'awaiting_signoff'])
  if (partnershipId) query = query.where('p.partnership_id', '=', partnershipId)
  const concerns = await query.orderBy('c.created_at').orderBy('c.id').execute()
  const now = recordTimeNow()
  for (const c of concerns) {
    await trx
      .updateTable('concerns')
      .set({ handed_over_at: now, handed_over_reason: reason })
      .where('id', '=', c.id)
      .execute()
    // The concern changed: a page holding the proposal's version must read it again.
    await trx
      .updateTable('proposals')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', c.proposalId)
      .execute()
    await appendEvent(trx, actor, {
      partnershipId: c.partnershipId,
      action: 'concern.handed_over',
      entityType: 'proposal',
      entityId: c.proposalId,
      before: { concernId: c.id, heldBy: 'raiser', raisedBy: userId },
      after: { concernId: c.id, heldBy: 'party_leads', party: c.party, reason },
    })
    await tellConcernHeld(trx, c.proposalId, c.party)
  }
  return concerns.length
}
