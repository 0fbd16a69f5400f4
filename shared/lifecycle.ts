/**
 * The decision lifecycle as data: which action is allowed from which state for which kind of
 * actor. The server enforces exactly this table (server/domain/proposals/transition.ts, with the
 * relations from server/domain/proposals/access.ts) and the UI asks it which actions to offer.
 * One truth: filing, the automatic steps, who must sign and who may see a draft are stated here too.
 */
import { PARTICIPANT_ROLES, type Role } from './roles'

export const PROPOSAL_STATES = [
  'draft',
  'in_review',
  'awaiting_signoff',
  'approved',
  'rejected',
  'withdrawn',
  // On the escalation ladder after a deadlock (ADR 0032): waits on the steering committee.
  'escalated',
] as const
export type ProposalState = (typeof PROPOSAL_STATES)[number]

export const OPEN_STATES: readonly ProposalState[] = ['draft', 'in_review', 'awaiting_signoff']

/** Past its decide-by date (`today` as YYYY-MM-DD) and still open. */
export function isOverdue(
  p: { decideBy: string | null; state: ProposalState },
  today?: string,
): boolean {
  // Today's date only when there is a date to compare: a list of many calls them all.
  return (
    p.decideBy !== null &&
    p.decideBy < (today ?? new Date().toISOString().slice(0, 10)) &&
    OPEN_STATES.includes(p.state)
  )
}

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
  // positions and recusal (ADR 0029): step aside from a proposal for a conflict of interest
  'recuse',
  'escalate',
  'reopen',
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
  // Whoever could review or sign it may step aside, once; after it they are neither (isRecused).
  recuse: {
    from: ['in_review', 'awaiting_signoff'],
    who: ['assigned_reviewer', 'eligible_signer'],
  },
  // The escalation ladder (ADR 0032, shared/escalation.ts): on a deadlock (a rejection, or overdue
  // on both calendars: the condition below) a partnership lead takes it to the steering committee,
  // whose partnership leads may reopen it as a new revision.
  escalate: {
    from: ['in_review', 'awaiting_signoff', 'rejected'],
    who: ['partnership_lead'],
    to: 'escalated',
  },
  reopen: { from: ['escalated'], who: ['partnership_lead'], to: 'in_review' },
}

/** Filing a proposal: who may file (roles in the partnership), and the state a proposal starts in. */
export const CREATE = { who: PARTICIPANT_ROLES, to: 'draft' } as const satisfies {
  who: readonly Role[]
  to: ProposalState
}

/**
 * Who may file a proposal: someone holding a member or lead role in the partnership, and (when
 * the caller knows it) belonging to a party. Asked by the server's create and the client's button.
 */
export function mayFile(roles: readonly Role[], partyCode?: string | null): boolean {
  if (partyCode === null) return false
  return roles.some((r) => CREATE.who.includes(r))
}

/**
 * The steps the server takes by itself, never asked for: once the reviews of the current revision
 * are complete the proposal awaits sign-off; once every party has signed it is approved. (Going
 * back to `in_review` is the `to` of `revise` and `raise_concern` above.)
 */
export const AUTOMATIC = {
  /** asked after the actions that can complete the reviews */
  reviews_complete: {
    from: 'in_review',
    to: 'awaiting_signoff',
    after: ['assign_reviewers', 'submit', 'revise', 'review', 'resolve_concern', 'recuse'],
  },
  /** asked after a sign-off */
  all_signed: { from: 'awaiting_signoff', to: 'approved', after: ['sign_off'] },
} as const satisfies Record<
  string,
  { from: ProposalState; to: ProposalState; after: readonly ProposalAction[] }
>
export type AutomaticStep = keyof typeof AUTOMATIC

/** The state an action leaves the proposal in: the table's `to`, or where it already is. */
export function stateAfter(action: ProposalAction, state: ProposalState): ProposalState {
  return LIFECYCLE[action].to ?? state
}

/** Every party to the partnership has signed off (approved) the current revision. */
export function everyPartySigned(parties: readonly string[], signed: ReadonlySet<string>): boolean {
  return parties.every((party) => signed.has(party))
}

/**
 * Whether partnership leads must sign: amendments, and decisions whose impact statements say they
 * touch an active stance of the charter.
 */
export function needsPartnershipLeads(
  type: 'decision' | 'amendment',
  impacts: readonly { itemId: string; impact: string }[],
  charter: readonly { id: string; kind: string; status: string }[],
): boolean {
  if (type === 'amendment') return true
  const stances = new Set(
    charter.filter((i) => i.kind === 'stance' && i.status === 'active').map((i) => i.id),
  )
  return impacts.some((i) => i.impact === 'touches' && stances.has(i.itemId))
}

/**
 * Draft privacy: a proposal never submitted is private to its author's party (returns that
 * party's code), whatever became of it since (a draft withdrawn before submission stays private);
 * once submitted, it is joint (null). It rests on the submission, not on the current state.
 * Read by `canSee`, the list and search queries and ledger visibility.
 */
export function privateTo(p: { submittedAt: string | null; authorParty: string }): string | null {
  return p.submittedAt === null ? p.authorParty : null
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

/**
 * Where the actor's party stands on the current revision: facts the table's states and relations
 * do not capture, but on which an action can still be refused.
 */
export interface Standing {
  /** the actor's party has already signed off (approved) the current revision */
  partySigned: boolean
  /**
   * nothing to escalate (ADR 0032): the charter has no ladder, the proposal is not deadlocked
   * (rejected, or overdue on both parties' calendars), or it has climbed every rung
   */
  notDeadlocked?: boolean
}

export const NO_STANDING: Standing = { partySigned: false }

/**
 * Conditions beyond the table, asked after it allowed the action: the server refuses an action
 * whose condition fails (INVALID_TRANSITION), and the UI does not offer it.
 */
export const CONDITIONS: Partial<Record<ProposalAction, (s: Standing) => boolean>> = {
  // One sign-off per party per revision: a second one from the same party would count for nothing.
  // (A rejection stays open to another lead of that party: it closes the proposal.)
  sign_off: (s) => !s.partySigned,
  // Escalation needs a ladder in the charter, a deadlock and a rung left (shared/escalation.ts).
  escalate: (s) => s.notDeadlocked !== true,
}

/** Whether the conditions beyond the table hold for this action. */
export function meetsConditions(action: ProposalAction, standing: Standing): boolean {
  return CONDITIONS[action]?.(standing) ?? true
}

/** The actions this actor may take now: what the UI offers. */
export function allowedActions(
  state: ProposalState,
  relations: ReadonlySet<Relation>,
  standing: Standing = NO_STANDING,
): ProposalAction[] {
  return ACTIONS.filter(
    (action) => check(action, state, relations).allowed && meetsConditions(action, standing),
  )
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
  /** recused from this proposal for a conflict of interest (ADR 0029) */
  isRecused?: boolean
  /**
   * Signing as a delegate (shared/delegation.ts, ADR 0030): the facts of the lead whose
   * delegation is in force. Their power decides eligibility, and separation of duties holds for
   * both: neither the delegate nor the lead may be the author. (A recusal, too, bars both.)
   */
  delegator?: {
    isAuthor: boolean
    isWorkstreamLead: boolean
    isPartnershipLead: boolean
    isRecused?: boolean
  }
}

/** What a recusal takes away: the refusal of these says `recused` (data.rule), not "who may". */
export const BARRED_BY_RECUSAL: readonly ProposalAction[] = [
  'review',
  'sign_off',
  'reject',
  'recuse',
]

export function relationsFrom(f: RelationFacts): Set<Relation> {
  const r = new Set<Relation>()
  // Only people taking part act on proposals: an author whose roles are now auditor or admin (or
  // none) keeps no rights over what they wrote; a lead of their party can still withdraw it.
  if (!f.isParticipant) return r
  if (f.isAuthor) r.add('author')
  r.add('participant')
  // Separation of duties: nobody reviews or signs off their own proposal.
  // A recused person neither reviews nor signs it: out of the counts, and of the offers.
  if (f.isAssignedReviewer && !f.isAuthor && !f.isRecused) r.add('assigned_reviewer')
  if (f.isWorkstreamLead) r.add('workstream_lead')
  if (f.isPartnershipLead) r.add('partnership_lead')
  if (f.sameParty && (f.isWorkstreamLead || f.isPartnershipLead)) r.add('lead_of_author_party')
  // A delegate signs by the delegator's power only (their own roles do not add to it).
  const signer = f.delegator ?? f
  if (
    !f.isAuthor &&
    !signer.isAuthor &&
    !f.isRecused &&
    !signer.isRecused &&
    (signer.isPartnershipLead || (signer.isWorkstreamLead && !f.needsPartnershipLeads))
  )
    r.add('eligible_signer')
  if (f.concern?.isRaiser) r.add('concern_raiser')
  if (f.concern?.sameParty && f.isPartnershipLead) r.add('raiser_party_lead')
  return r
}
