/**
 * The decision lifecycle as data: which action is allowed from which state for which kind of
 * actor. The server enforces exactly this table (server/domain/proposal-access.ts) and the UI asks
 * it which actions to offer. One truth.
 */
export const PROPOSAL_STATES = [
  'draft',
  'in_review',
  'awaiting_signoff',
  'approved',
  'rejected',
  'withdrawn',
] as const
export type ProposalState = (typeof PROPOSAL_STATES)[number]

export const OPEN_STATES: readonly ProposalState[] = ['draft', 'in_review', 'awaiting_signoff']

export const DECISION_STATUSES = ['active', 'superseded'] as const
export type DecisionStatus = (typeof DECISION_STATUSES)[number]

/**
 * How an actor stands towards one proposal. Computed on the server from the database and on the
 * client from the proposal view; the rules below only ever look at these.
 */
export const RELATIONS = [
  /** wrote the proposal */
  'author',
  /** a member, workstream lead or partnership lead of a party to the partnership */
  'participant',
  /** assigned to review, and not the author */
  'assigned_reviewer',
  /** a lead of the proposal's workstream */
  'workstream_lead',
  /** a partnership lead of their party */
  'partnership_lead',
  /** a workstream lead of this workstream or a partnership lead, of the author's party */
  'lead_of_author_party',
  /** may sign off for their party: not the author; a partnership lead, or a lead of the workstream when the proposal needs no partnership leads */
  'eligible_signer',
  /** raised the concern in question */
  'concern_raiser',
  /** a partnership lead of the party that raised the concern in question */
  'raiser_party_lead',
] as const
export type Relation = (typeof RELATIONS)[number]

export interface Rule {
  from: readonly ProposalState[]
  /** Any one of these relations allows the action. */
  who: readonly Relation[]
  /** The state after the action, when the action itself moves it. */
  to?: ProposalState
}

export const ACTIONS = [
  'update_draft',
  'assign_reviewers',
  'submit',
  'review',
  'revise',
  'raise_concern',
  'resolve_concern',
  'sign_off',
  'reject',
  'withdraw',
  'comment',
] as const
export type ProposalAction = (typeof ACTIONS)[number]

export const LIFECYCLE: Record<ProposalAction, Rule> = {
  update_draft: { from: ['draft'], who: ['author'] },
  assign_reviewers: {
    from: ['draft', 'in_review', 'awaiting_signoff'],
    who: ['author', 'workstream_lead'],
  },
  submit: { from: ['draft'], who: ['author'], to: 'in_review' },
  review: { from: ['in_review'], who: ['assigned_reviewer'] },
  revise: { from: ['in_review', 'awaiting_signoff'], who: ['author'], to: 'in_review' },
  raise_concern: { from: ['in_review', 'awaiting_signoff'], who: ['participant'], to: 'in_review' },
  resolve_concern: {
    from: ['in_review', 'awaiting_signoff'],
    who: ['concern_raiser', 'raiser_party_lead'],
  },
  sign_off: { from: ['awaiting_signoff'], who: ['eligible_signer'] },
  reject: { from: ['in_review', 'awaiting_signoff'], who: ['eligible_signer'], to: 'rejected' },
  withdraw: {
    from: ['draft', 'in_review', 'awaiting_signoff'],
    who: ['author', 'lead_of_author_party'],
    to: 'withdrawn',
  },
  comment: { from: PROPOSAL_STATES, who: ['participant'] },
}

export type Refusal = { allowed: false; reason: 'role' | 'state' }

/** Whether the table allows the action; `role` is checked before `state`. */
export function check(
  action: ProposalAction,
  state: ProposalState,
  relations: ReadonlySet<Relation>,
): { allowed: true } | Refusal {
  const rule = LIFECYCLE[action]
  if (!rule.who.some((r) => relations.has(r))) return { allowed: false, reason: 'role' }
  if (!rule.from.includes(state)) return { allowed: false, reason: 'state' }
  return { allowed: true }
}

/** The actions this actor may take now: what the UI offers. */
export function allowedActions(
  state: ProposalState,
  relations: ReadonlySet<Relation>,
): ProposalAction[] {
  return ACTIONS.filter((action) => check(action, state, relations).allowed)
}

export interface RelationFacts {
  isAuthor: boolean
  /** holds member, workstream lead or partnership lead, and belongs to a party of the partnership */
  isParticipant: boolean
  isAssignedReviewer: boolean
  isWorkstreamLead: boolean
  isPartnershipLead: boolean
  sameParty: boolean
  /** amendments and decisions that touch a stance */
  needsPartnershipLeads: boolean
  concern?: { isRaiser: boolean; sameParty: boolean }
}

export function relationsFrom(f: RelationFacts): Set<Relation> {
  const r = new Set<Relation>()
  // Only people taking part act on proposals: an author whose roles are now auditor or admin (or
  // none) keeps no rights over what they wrote; a lead of their party can still withdraw it.
  if (!f.isParticipant) return r
  if (f.isAuthor) r.add('author')
  r.add('participant')
  // Separation of duties: nobody reviews or signs off their own proposal.
  if (f.isAssignedReviewer && !f.isAuthor) r.add('assigned_reviewer')
  if (f.isWorkstreamLead) r.add('workstream_lead')
  if (f.isPartnershipLead) r.add('partnership_lead')
  if (f.sameParty && (f.isWorkstreamLead || f.isPartnershipLead)) r.add('lead_of_author_party')
  if (!f.isAuthor && (f.isPartnershipLead || (f.isWorkstreamLead && !f.needsPartnershipLeads)))
    r.add('eligible_signer')
  if (f.concern?.isRaiser) r.add('concern_raiser')
  if (f.concern?.sameParty && f.isPartnershipLead) r.add('raiser_party_lead')
  return r
}
