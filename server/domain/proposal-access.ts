/**
 * Who may see and act on a proposal. The rules themselves are the table in shared/lifecycle.ts;
 * this file gathers the facts about an actor from the database and enforces the table.
 */
import type { Executor } from '../../db/connect'
import type { Proposal } from '../../db/schema'
import { DomainError } from '../../shared/errors'
import {
  check,
  LIFECYCLE,
  type ProposalAction,
  type ProposalState,
  type Relation,
  relationsFrom,
} from '../../shared/lifecycle'
import { PARTICIPANT_ROLES } from '../../shared/roles'
import { rolesIn, type SessionUser } from './users'

export function proposalCode(p: { number: number }): string {
  return `P-${p.number}`
}

/** A draft is private to its author's party; a proposal of a partnership one is not in does not exist. */
export function canSee(
  user: SessionUser,
  p: Pick<Proposal, 'partnership_id' | 'state' | 'author_party'>,
): boolean {
  if (rolesIn(user, p.partnership_id).length === 0) return false
  return p.state !== 'draft' || user.partyCode === p.author_party
}

export async function loadProposal(
  db: Executor,
  user: SessionUser,
  proposalId: string,
): Promise<Proposal> {
  const p = await db
    .selectFrom('proposals')
    .selectAll()
    .where('id', '=', proposalId)
    .executeTakeFirst()
  if (!p || !canSee(user, p))
    throw new DomainError('NOT_FOUND', 'No such proposal.', { field: 'proposalId' })
  return p
}

export function isParticipant(user: SessionUser, partnershipId: string): boolean {
  return (
    user.partyCode !== null &&
    rolesIn(user, partnershipId).some((r) => PARTICIPANT_ROLES.includes(r))
  )
}

export async function isWorkstreamLead(
  db: Executor,
  user: SessionUser,
  p: Proposal,
): Promise<boolean> {
  if (!p.workstream_id || !rolesIn(user, p.partnership_id).includes('workstream_lead')) return false
  const row = await db
    .selectFrom('workstream_people')
    .select('role')
    .where('workstream_id', '=', p.workstream_id)
    .where('user_id', '=', user.id)
    .where('role', '=', 'lead')
    .executeTakeFirst()
  return row !== undefined
}

export async function relationsOf(
  db: Executor,
  user: SessionUser,
  p: Proposal,
  concern?: { raisedBy: string; party: string },
): Promise<Set<Relation>> {
  const [reviewer, wsLead] = await Promise.all([
    db
      .selectFrom('proposal_reviewers')
      .select('user_id')
      .where('proposal_id', '=', p.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst(),
    isWorkstreamLead(db, user, p),
  ])
  return relationsFrom({
    isAuthor: p.author_id === user.id,
    isParticipant: isParticipant(user, p.partnership_id),
    isAssignedReviewer: reviewer !== undefined,
    isWorkstreamLead: wsLead,
    isPartnershipLead: rolesIn(user, p.partnership_id).includes('partnership_lead'),
    sameParty: user.partyCode === p.author_party,
    needsPartnershipLeads: p.needs_partnership_leads === 1,
    concern: concern
      ? { isRaiser: concern.raisedBy === user.id, sameParty: concern.party === user.partyCode }
      : undefined,
  })
}

const WHO: Record<Relation, string> = {
  author: 'the author',
  participant: 'a member or lead of a party to the partnership',
  assigned_reviewer: 'an assigned reviewer (not the author)',
  workstream_lead: "a lead of the proposal's workstream",
  partnership_lead: 'a partnership lead',
  lead_of_author_party: "a lead of the author's party",
  eligible_signer:
    "an eligible lead who is not the author: a partnership lead, or a lead of the proposal's workstream (amendments and decisions that touch a stance need partnership leads)",
  concern_raiser: 'the person who raised the concern',
  raiser_party_lead: 'a partnership lead of the party that raised the concern',
}

const STATE_LABEL: Record<ProposalState, string> = {
  draft: 'a draft',
  in_review: 'in review',
  awaiting_signoff: 'awaiting sign-off',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
}

const ACTION_LABEL: Record<ProposalAction, string> = {
  update_draft: 'edit the draft',
  assign_reviewers: 'assign reviewers',
  submit: 'submit',
  review: 'review',
  revise: 'revise',
  raise_concern: 'raise a concern',
  resolve_concern: 'resolve this concern',
  sign_off: 'sign off',
  reject: 'reject',
  withdraw: 'withdraw',
  comment: 'comment',
}

/**
 * Enforces the lifecycle table for one action: first who may act (FORBIDDEN), then that the caller
 * saw the current version (CONFLICT), then that the state allows the action.
 */
export async function authorize(
  db: Executor,
  user: SessionUser,
  p: Proposal,
  action: ProposalAction,
  options: { expectedVersion?: number; concern?: { raisedBy: string; party: string } } = {},
): Promise<Set<Relation>> {
  const relations = await relationsOf(db, user, p, options.concern)
  const verdict = check(action, p.state, relations)
  if (!verdict.allowed && verdict.reason === 'role') {
    const who = LIFECYCLE[action].who.map((r) => WHO[r]).join(', or ')
    throw new DomainError(
      'FORBIDDEN',
      `Only ${who} can ${ACTION_LABEL[action]} on ${proposalCode(p)}.`,
    )
  }
  if (options.expectedVersion !== undefined && options.expectedVersion !== p.version) {
    throw new DomainError(
      'STALE_VERSION',
      `${proposalCode(p)} has changed since you loaded it (you saw version ${options.expectedVersion}, it is now at ${p.version}). Reload and try again.`,
      { field: 'expectedVersion' },
    )
  }
  if (!verdict.allowed) {
    const states = LIFECYCLE[action].from.map((s) => STATE_LABEL[s]).join(' or ')
    throw new DomainError(
      'INVALID_TRANSITION',
      `You cannot ${ACTION_LABEL[action]} now: ${proposalCode(p)} is ${STATE_LABEL[p.state]}, and this is possible only while it is ${states}.`,
    )
  }
  return relations
}
