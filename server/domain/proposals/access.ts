/**
 * Who may see and act on a proposal. The rules are shared/lifecycle.ts (the table, `relationsFrom`,
 * `mayFile`, `privateTo`); this file gathers an actor's facts from the database and asks them.
 */
import type { ExpressionBuilder } from 'kysely'
import type { Executor } from '../../../db/connect'
import type { Database, Proposal } from '../../../db/schema'
import { statementTemplate } from '../../../db/template'
import { DomainError } from '../../../shared/errors'
import {
  mayFile,
  privateTo,
  type Relation,
  type RelationFacts,
  relationsFrom,
} from '../../../shared/lifecycle'
import { rolesIn, type SessionUser } from '../users'

/** A proposal of a partnership one is not in does not exist; a draft only for its author's party. */
export function canSee(
  user: SessionUser,
  p: Pick<Proposal, 'partnership_id' | 'submitted_at' | 'author_party'>,
): boolean {
  if (rolesIn(user, p.partnership_id).length === 0) return false
  const party = privateTo({ submittedAt: p.submitted_at, authorParty: p.author_party })
  return party === null || party === user.partyCode
}

/**
 * `privateTo` as SQL, for queries over `proposals as p`: what `canSee` lets through for someone of
 * this party (null: of no party) within a partnership they hold a role in.
 */
export function visibleTo(party: string | null) {
  return (eb: ExpressionBuilder<Database & { p: Database['proposals'] }, 'p'>) =>
    party
      ? eb.or([eb('p.submitted_at', 'is not', null), eb('p.author_party', '=', party)])
      : eb('p.submitted_at', 'is not', null)
}

/** Every proposal action starts here (a template, db/template.ts). */
const proposalById = statementTemplate((db, v: { proposalId: string }) =>
  db.selectFrom('proposals').selectAll().where('id', '=', v.proposalId),
)

export async function loadProposal(
  db: Executor,
  user: SessionUser,
  proposalId: string,
): Promise<Proposal> {
  const [p] = await proposalById(db, { proposalId })
  if (!p || !canSee(user, p))
    throw new DomainError('NOT_FOUND', 'No such proposal.', { field: 'proposalId' })
  return p
}

/** May file and take part in this partnership's proposals (`mayFile` of shared/lifecycle.ts). */
export function isParticipant(user: SessionUser, partnershipId: string): boolean {
  return mayFile(rolesIn(user, partnershipId), user.partyCode)
}

/**
 * The party someone acts for on a proposal. The table lets only participants act, and a
 * participant belongs to a party (`mayFile`), so this refuses only what the table already did.
 */
export function actingParty(user: SessionUser): string {
  if (!user.partyCode) {
    throw new DomainError('FORBIDDEN', 'Only people of a party to the partnership can do this.')
  }
  return user.partyCode
}

export interface ConcernFacts {
  raisedBy: string
  party: string
}

/**
 * The facts `relationsFrom` needs, for one proposal, given the two that come from other tables:
 * whether the user is assigned to review it and leads its workstream. The inbox uses it over many
 * proposals at once, `relationsOf` for one.
 */
export function relationsFor(
  user: SessionUser,
  p: Proposal,
  facts: { isAssignedReviewer: boolean; leadsWorkstream: boolean; isRecused?: boolean },
  concern?: ConcernFacts,
  delegator?: RelationFacts['delegator'],
): Set<Relation> {
  const roles = rolesIn(user, p.partnership_id)
  return relationsFrom({
    isAuthor: p.author_id === user.id,
    isParticipant: isParticipant(user, p.partnership_id),
    isAssignedReviewer: facts.isAssignedReviewer,
    isWorkstreamLead: roles.includes('workstream_lead') && facts.leadsWorkstream,
    isPartnershipLead: roles.includes('partnership_lead'),
    sameParty: user.partyCode === p.author_party,
    needsPartnershipLeads: p.needs_partnership_leads === 1,
    isRecused: facts.isRecused ?? false,
    concern: concern
      ? { isRaiser: concern.raisedBy === user.id, sameParty: concern.party === user.partyCode }
      : undefined,
    delegator,
  })
}

/** The workstreams this person is a lead of (their role in the partnership decides if it counts). */
export async function workstreamsLedBy(db: Executor, userId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('workstream_people')
    .select('workstream_id')
    .where('user_id', '=', userId)
    .where('role', '=', 'lead')
    .execute()
  return new Set(rows.map((r) => r.workstream_id))
}

export async function relationsOf(
  db: Executor,
  user: SessionUser,
  p: Proposal,
  concern?: ConcernFacts,
  delegator?: RelationFacts['delegator'],
): Promise<Set<Relation>> {
  const [reviewer, led, recusal] = await Promise.all([
    db
      .selectFrom('proposal_reviewers')
      .select('user_id')
      .where('proposal_id', '=', p.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst(),
    workstreamsLedBy(db, user.id),
    db
      .selectFrom('recusals')
      .select('id')
      .where('proposal_id', '=', p.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst(),
  ])
  return relationsFor(
    user,
    p,
    {
      isAssignedReviewer: reviewer !== undefined,
      leadsWorkstream: p.workstream_id !== null && led.has(p.workstream_id),
      isRecused: recusal !== undefined,
    },
    concern,
    delegator,
  )
}
