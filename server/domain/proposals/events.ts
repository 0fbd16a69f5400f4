import type { Trx } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import type { LedgerAction } from '../../../shared/ledger-actions'
import type { LedgerEventTypes, NewLedgerEvent } from '../../../shared/ledger-events'
import { privateTo } from '../../../shared/lifecycle'
import { type Actor, appendEvent } from '../../audit/ledger'

/** The ledger actions whose entity is a proposal. */
export type ProposalLedgerAction = {
  [A in LedgerAction]: LedgerEventTypes[A]['entity'] extends 'proposal' ? A : never
}[LedgerAction]

/** A proposal event without what the proposal itself says: its partnership, entity and id. */
export type ProposalEvent = {
  [A in ProposalLedgerAction]: Omit<NewLedgerEvent<A>, 'partnershipId' | 'entityType' | 'entityId'>
}[ProposalLedgerAction]

/** Events about a proposal never submitted are private to the author's party (`privateTo`). */
export function visibilityOf(p: Pick<Proposal, 'submitted_at' | 'author_party'>): string {
  const party = privateTo({ submittedAt: p.submitted_at, authorParty: p.author_party })
  return party === null ? 'joint' : `party:${party}`
}

/**
 * Appends an event about this proposal: of its partnership, with the proposal as its entity, and
 * by default as visible as the proposal was when the action began.
 */
export function proposalEvent(
  trx: Trx,
  actor: Actor,
  p: Pick<Proposal, 'id' | 'partnership_id' | 'submitted_at' | 'author_party'>,
  event: ProposalEvent,
) {
  const full = {
    visibility: visibilityOf(p),
    ...event,
    partnershipId: p.partnership_id,
    entityType: 'proposal',
    entityId: p.id,
  } as NewLedgerEvent
  return appendEvent(trx, actor, full)
}
