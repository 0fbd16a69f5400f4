/** The proposal page: everything it shows, as this user may see it, with what waits and what they may do. */
import type { Executor } from '../../../db/connect'
import { decisionCode, proposalCode } from '../../../shared/codes'
import { allowedActions, check, isOverdue } from '../../../shared/lifecycle'
import { partiesOf } from '../partnerships'
import type { SessionUser } from '../users'
import { loadProposal, relationsOf } from './access'
import { commentsFor } from './comments'
import { groundsItemsOf, groundsView } from './concern-grounds'
import { delegateSigning } from './delegate-signing'
import { deadlockOf, escalationView } from './escalation'
import { recusalsOf } from './recusals'
import { revisionView } from './revision'
import { authenticationOf } from './signoff'
import { policyFor, reviewStatus, signoffTally } from './tally'
import { conflictingCodes } from './waits'

/** The lead a party's deciding sign-off on the current revision was made for, if by a delegate. */
function forOf<P>(
  signoffs: { party: string; revision: number; verdict: string; on_behalf_of: string | null }[],
  s: { party: string; status: string },
  revision: number,
  person: (id: string) => P,
): P | null {
  const verdict = s.status === 'approved' ? 'approve' : s.status === 'rejected' ? 'reject' : null
  const row = signoffs.find(
    (x) => x.party === s.party && x.revision === revision && x.verdict === verdict,
  )
  return row?.on_behalf_of ? person(row.on_behalf_of) : null
}

async function names(db: Executor, ids: string[]) {
  const unique = [...new Set(ids)]
  if (unique.length === 0)
    return new Map<string, { id: string; name: string; partyCode: string | null }>()
  const rows = await db
    .selectFrom('users')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .select(['users.id', 'users.name', 'parties.code as partyCode'])
    .where('users.id', 'in', unique)
    .execute()
  return new Map(rows.map((r) => [r.id, r]))
}

/** Everything the proposal page shows, as this user may see it, with the actions they may take. */
export async function getProposal(db: Executor, user: SessionUser, proposalId: string) {
  const p = await loadProposal(db, user, proposalId)
  const deadlock = await deadlockOf(db, p)
  const [
    revisions,
    reviewers,
    reviews,
    concerns,
    signoffs,
    comments,
    status,
    relations,
    parties,
    decision,
    links,
    workstream,
    policy,
    charterConflicts,
    recusals,
  ] = await Promise.all([
    db
      .selectFrom('proposal_revisions')
      .selectAll()
      .where('proposal_id', '=', p.id)
      .orderBy('number')
      .execute(),
    db.selectFrom('proposal_reviewers').selectAll().where('proposal_id', '=', p.id).execute(),
    db
      .selectFrom('reviews')
      .selectAll()
      .where('proposal_id', '=', p.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('concerns')
      .selectAll()
      .where('proposal_id', '=', p.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('signoffs')
      .selectAll()
      .where('proposal_id', '=', p.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    commentsFor(db, user, p),
    reviewStatus(db, p),
    relationsOf(db, user, p),
    partiesOf(db, [p.partnership_id]),
    db
      .selectFrom('decisions')
      .select(['id', 'number', 'status'])
      .where('proposal_id', '=', p.id)
      .executeTakeFirst(),
    db
      .selectFrom('proposal_charter_links as l')
      .innerJoin('charter_items as c', 'c.id', 'l.charter_item_id')
      .select(['c.id', 'c.code', 'c.kind', 'c.title', 'c.title_ja as titleJa'])
      .where('l.proposal_id', '=', p.id)
      .orderBy('c.code')
      .execute(),
    p.workstream_id
      ? db
          .selectFrom('workstreams')
          .select(['id', 'code', 'name', 'name_ja as nameJa'])
          .where('id', '=', p.workstream_id)
          .executeTakeFirst()
      : undefined,
    policyFor(db, p),
    conflictingCodes(db, p),
    recusalsOf(db, [p.id]),
  ])
  const people = await names(db, [
    p.author_id,
    ...reviewers.map((r) => r.user_id),
    ...reviews.map((r) => r.reviewer_id),
    ...concerns.flatMap((c) => [c.raised_by, ...(c.resolved_by ? [c.resolved_by] : [])]),
    ...signoffs.map((s) => s.signer_id),
    ...recusals.map((r) => r.user_id),
    ...signoffs.flatMap((s) => (s.on_behalf_of ? [s.on_behalf_of] : [])),
  ])
  const person = (id: string) => people.get(id) ?? { id, name: 'Unknown', partyCode: null }
  const groundsItems = await groundsItemsOf(db, p.partnership_id, concerns)
  // Who may resolve each open concern is the lifecycle table's answer, as the server enforces it.
  const resolvable = new Set<string>()
  for (const c of concerns) {
    if (c.status !== 'open') continue
    const withConcern = await relationsOf(db, user, p, { raisedBy: c.raised_by, party: c.party })
    if (check('resolve_concern', p.state, withConcern).allowed) resolvable.add(c.id)
  }
  const current = p.current_revision
  const currentRow = revisions.find((r) => r.number === current)
  if (!currentRow) throw new Error(`${proposalCode(p)} has no revision ${current}`)
  const currentRevision = revisionView(currentRow)
  const superseded = currentRevision.supersedes.length
    ? await db
        .selectFrom('decisions')
        .select(['id', 'number', 'status', 'title'])
        .where('id', 'in', currentRevision.supersedes)
        .orderBy('number')
        .execute()
    : []
  const signoffStatus = signoffTally(parties, signoffs, current).map(({ signerId, ...s }) => ({
    ...s,
    by: signerId ? person(signerId) : null,
    // signed by a delegate (ADR 0030): the lead it was signed for
    for: forOf(signoffs, s, current, person),
  }))
  const partySigned = signoffStatus.some(
    (s) => s.party === user.partyCode && s.status === 'approved',
  )
  const standing = { partySigned, notDeadlocked: deadlock === null }
  return {
    id: p.id,
    code: proposalCode(p),
    number: p.number,
    partnershipId: p.partnership_id,
    type: p.type,
    title: p.title,
    state: p.state,
    version: p.version,
    currentRevision: current,
    author: person(p.author_id),
    authorParty: p.author_party,
    workstream: workstream ?? null,
    decideBy: p.decide_by,
    overdue: isOverdue({ decideBy: p.decide_by, state: p.state }),
    policy,
    charterVersion: p.charter_version,
    needsPartnershipLeads: p.needs_partnership_leads === 1,
    submittedAt: p.submitted_at,
    closedAt: p.closed_at,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    revision: currentRevision,
    /** The decisions the current revision would supersede, named. */
    supersedes: superseded.map((d) => ({
      id: d.id,
      code: decisionCode(d),
      title: d.title,
      status: d.status,
    })),
    revisions: revisions.map((r) => ({
      number: r.number,
      title: r.title,
      note: r.note,
      createdAt: r.created_at,
    })),
    charterItems: links,
    reviewers: reviewers.map((r) => ({ ...person(r.user_id), party: r.party })),
    reviews: reviews.map((r) => ({
      id: r.id,
      revision: r.revision,
      reviewer: person(r.reviewer_id),
      party: r.party,
      verdict: r.verdict,
      comment: r.comment,
      createdAt: r.created_at,
      stale: r.revision < current,
    })),
    reviewStatus: status,
    concerns: concerns.map((c) => ({
      id: c.id,
      revision: c.revision,
      title: c.title,
      rationale: c.rationale,
      status: c.status,
      party: c.party,
      raisedBy: person(c.raised_by),
      resolvedBy: c.resolved_by ? person(c.resolved_by) : null,
      resolution: c.resolution,
      override: c.override === 1,
      createdAt: c.created_at,
      resolvedAt: c.resolved_at,
      canResolve: resolvable.has(c.id),
      ...groundsView(c, groundsItems),
    })),
    signoffs: signoffs.map((s) => ({
      id: s.id,
      revision: s.revision,
      party: s.party,
      signer: person(s.signer_id),
      verdict: s.verdict,
      rationale: s.rationale,
      createdAt: s.created_at,
      authentication: authenticationOf(s),
      stale: s.revision < current,
      onBehalfOf: s.on_behalf_of ? person(s.on_behalf_of) : null,
    })),
    signoffStatus,
    comments,
    decision: decision
      ? { id: decision.id, code: decisionCode(decision), status: decision.status }
      : null,
    /** Charter codes the amendment adds that the charter holds already (a fact of shared/waits.ts). */
    charterConflicts,
    /** Who stepped aside for a conflict of interest, with the reason (ADR 0029). */
    recusals: recusals.map((r) => ({
      id: r.id,
      person: person(r.user_id),
      party: r.party,
      revision: r.revision,
      reason: r.reason,
      createdAt: r.created_at,
      mine: r.user_id === user.id,
    })),
    myActions: allowedActions(p.state, relations, standing),
    /** Signing for a lead by a delegation in force now (ADR 0030): for whom, until when, what. */
    delegateSigning: await delegateSigning(db, user, p, standing),
    /** Where it stands on the escalation ladder (ADR 0032); null when never escalated. */
    escalation: escalationView(p),
    /** A deadlock the ladder takes up: the rung an escalation would go to now (null: none). */
    deadlock: deadlock ? { cause: deadlock.cause, step: deadlock.step, ...deadlock.rung } : null,
  }
}
