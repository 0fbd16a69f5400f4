/**
 * The one way a proposal changes: `transition` authorizes the action against the lifecycle table,
 * does the action's own work, sets the state from the table's `to`, bumps the version, writes the
 * ledger event, and then takes the automatic step the table names.
 */
import { type Db, type Executor, type Trx, writeTransaction } from '../../../db/connect'
import type { Proposal, ProposalTable } from '../../../db/schema'
import { proposalCode } from '../../../shared/codes'
import { DomainError } from '../../../shared/errors'
import {
  AUTOMATIC,
  type AutomaticStep,
  BARRED_BY_RECUSAL,
  check,
  everyPartySigned,
  LIFECYCLE,
  OPEN_STATES,
  type ProposalAction,
  type ProposalState,
  type Relation,
  type RelationFacts,
  stateAfter,
} from '../../../shared/lifecycle'
import type { Actor } from '../../audit/ledger'
import { recordTimeNow } from '../../clock'
import { issueDecision } from '../decisions/issue'
import { partiesOf } from '../partnerships'
import { actorOf, type SessionUser } from '../users'
import { type ConcernFacts, loadProposal, relationsOf } from './access'
import { type ProposalEvent, proposalEvent } from './events'
import { announce, STARTS_TOLD_WAITS } from './notices'
import { recusedOn } from './recusals'
import { currentContent } from './revision'
import { reviewStatus, signedParties } from './tally'
import { waitsOfProposal } from './waits'

type DelegatorFacts = RelationFacts['delegator']

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
  escalated: 'escalated',
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
  recuse: 'recuse yourself',
  escalate: 'escalate',
  reopen: 'reopen',
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
  options: { expectedVersion?: number; concern?: ConcernFacts; delegator?: DelegatorFacts } = {},
): Promise<Set<Relation>> {
  const relations = await relationsOf(db, user, p, options.concern, options.delegator)
  const verdict = check(action, p.state, relations)
  if (!verdict.allowed && verdict.reason === 'role') {
    if (BARRED_BY_RECUSAL.includes(action) && (await recusedOn(db, p.id)).has(user.id)) {
      throw new DomainError(
        'FORBIDDEN',
        `You recused yourself from ${proposalCode(p)}: you can no longer review, sign off or reject it.`,
        { rule: { name: 'recused' } },
      )
    }
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

const now = () => recordTimeNow()

/** Leaving the open states closes the proposal. */
function closing(state: ProposalState): Partial<ProposalTable> {
  return OPEN_STATES.includes(state) ? {} : { closed_at: now() }
}

/** What an action does once authorized: the row changes, its event, and what it returns. */
export interface Step<R> {
  changes?: Partial<Omit<ProposalTable, 'state' | 'version' | 'id'>>
  /** the action's event; absent when the action's own work already wrote its events */
  event?: ProposalEvent
  result: R
}

export async function transition<R>(
  trx: Trx,
  user: SessionUser,
  p: Proposal,
  action: ProposalAction,
  change: {
    expectedVersion: number
    concern?: ConcernFacts
    /** signing as a delegate: the delegator's facts (ADR 0030) */
    delegator?: DelegatorFacts
    /** the action's own work, after authorization; `to` is the state the table moves it to */
    apply: (to: ProposalState) => Promise<Step<R>>
  },
): Promise<{ next: Proposal; result: R; decisionId: string | null }> {
  await authorize(trx, user, p, action, change)
  // What the proposal waited on before, so that a wait this change starts is told to its owners.
  const waitsBefore = STARTS_TOLD_WAITS.includes(action) ? await waitsOfProposal(trx, p) : null
  const to = stateAfter(action, p.state)
  const step = await change.apply(to)
  let next: Proposal = {
    ...p,
    ...step.changes,
    ...(to === p.state ? {} : { state: to, ...closing(to) }),
    version: p.version + 1,
    updated_at: now(),
  }
  // Only the columns that changed: an index or trigger on a column left as it was is not touched.
  const { id, ...rest } = next
  const changed = Object.fromEntries(
    Object.entries(rest).filter(([column, value]) => value !== p[column as keyof Proposal]),
  )
  await trx.updateTable('proposals').set(changed).where('id', '=', id).execute()
  const actor = actorOf(user)
  if (step.event) await proposalEvent(trx, actor, p, step.event)
  let decisionId: string | null = null
  if (takesStep('reviews_complete', action)) next = await completeReviews(trx, actor, next)
  if (takesStep('all_signed', action)) {
    const approved = await approveWhenAllSigned(trx, actor, next)
    next = approved.next
    decisionId = approved.decisionId
  }
  // Who is told, in this transaction: a change that rolls back notifies nobody (ADR 0013).
  await announce(trx, user, action, p, next, step.event, waitsBefore)
  return { next, result: step.result, decisionId }
}

function takesStep(which: AutomaticStep, action: ProposalAction): boolean {
  return (AUTOMATIC[which].after as readonly ProposalAction[]).includes(action)
}

/**
 * A whole mutation on one proposal: one writeTransaction that loads the proposal as the user may
 * see it and makes the transition. `concern` names the concern an action is about, when it is.
 */
export function act<R>(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number },
  action: ProposalAction,
  apply: (ctx: { trx: Trx; p: Proposal; to: ProposalState }) => Promise<Step<R>>,
  concern?: (trx: Trx, p: Proposal) => Promise<ConcernFacts>,
): Promise<{ next: Proposal; result: R; decisionId: string | null }> {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    return transition(trx, user, p, action, {
      expectedVersion: input.expectedVersion,
      concern: concern ? await concern(trx, p) : undefined,
      apply: (to) => apply({ trx, p, to }),
    })
  })
}

/** Takes an automatic step: the state from AUTOMATIC, with its event; the version stays. */
async function automatic(
  trx: Trx,
  actor: Actor,
  p: Proposal,
  which: AutomaticStep,
  event: ProposalEvent,
): Promise<Proposal> {
  const to = AUTOMATIC[which].to
  const next: Proposal = { ...p, state: to, ...closing(to) }
  await trx
    .updateTable('proposals')
    .set({ state: next.state, closed_at: next.closed_at })
    .where('id', '=', p.id)
    .execute()
  await proposalEvent(trx, actor, p, event)
  return next
}

/** In review → awaiting sign-off once the reviews of the current revision are complete. */
async function completeReviews(trx: Trx, actor: Actor, p: Proposal): Promise<Proposal> {
  if (p.state !== AUTOMATIC.reviews_complete.from) return p
  const status = await reviewStatus(trx, p)
  if (!status.ready) return p
  return automatic(trx, actor, p, 'reviews_complete', {
    action: 'proposal.ready_for_signoff',
    before: { state: p.state },
    after: {
      state: AUTOMATIC.reviews_complete.to,
      revision: p.current_revision,
      reviews: status.perParty,
    },
  })
}

/** Awaiting sign-off → approved once every party has signed; the decision is issued with it. */
async function approveWhenAllSigned(trx: Trx, actor: Actor, p: Proposal) {
  const parties = (await partiesOf(trx, [p.partnership_id])).map((x) => x.code)
  const signed = await signedParties(trx, p)
  if (p.state !== AUTOMATIC.all_signed.from || !everyPartySigned(parties, signed)) {
    return { next: p, decisionId: null }
  }
  const next = await automatic(trx, actor, p, 'all_signed', {
    action: 'proposal.approved',
    before: { state: p.state },
    after: {
      state: AUTOMATIC.all_signed.to,
      revision: p.current_revision,
      parties: [...signed].sort(),
    },
  })
  const decision = await issueDecision(trx, actor, next, await currentContent(trx, next))
  return { next, decisionId: decision.id }
}
