/**
 * Proposal mutations. Each runs in one writeTransaction with its ledger events; each checks the
 * lifecycle table (authorize) and the version the caller saw before changing anything.
 */
import { randomUUID } from 'node:crypto'
import { type Db, type Trx, writeTransaction } from '../../db/connect'
import type { Proposal, ProposalTable } from '../../db/schema'
import { type ApprovalPolicy, DEFAULT_POLICY } from '../../shared/charter'
import { DomainError } from '../../shared/errors'
import type { ProposalState } from '../../shared/lifecycle'
import type { ProposalContent } from '../../shared/schemas/proposal'
import { type Actor, appendEvent, type NewEvent } from '../audit/ledger'
import { issueDecision } from './decisions'
import { partiesOf } from './partnerships'
import { authorize, isParticipant, loadProposal, proposalCode } from './proposal-access'
import {
  type CharterItemAt,
  charterAt,
  enforceGuardrails,
  validateReferences,
} from './proposal-content'
import { actorOf, type SessionUser } from './users'

const now = () => new Date().toISOString()

/** Appends an event about this proposal: of its partnership, with the proposal as its entity. */
export function proposalEvent(
  trx: Trx,
  actor: Actor,
  p: Pick<Proposal, 'id' | 'partnership_id'>,
  event: Omit<NewEvent, 'partnershipId' | 'entityType' | 'entityId'>,
) {
  return appendEvent(trx, actor, {
    ...event,
    partnershipId: p.partnership_id,
    entityType: 'proposal',
    entityId: p.id,
  })
}

/** Events about a draft are private to the author's party; everything after submission is joint. */
export function visibilityOf(p: Pick<Proposal, 'state' | 'author_party'>): string {
  return p.state === 'draft' ? `party:${p.author_party}` : 'joint'
}

function revisionRow(
  proposalId: string,
  number: number,
  content: ProposalContent,
  userId: string,
  note = '',
) {
  return {
    proposal_id: proposalId,
    number,
    title: content.title,
    body: content.body,
    workstream_id: content.workstreamId,
    charter_item_ids: JSON.stringify(content.charterItemIds),
    impacts: JSON.stringify(content.impacts),
    supersedes: JSON.stringify(content.supersedes),
    amendment: content.amendment ? JSON.stringify(content.amendment) : null,
    decide_by: content.decideBy,
    note,
    created_by: userId,
    created_at: now(),
  }
}

async function currentCharterVersion(trx: Trx, partnershipId: string): Promise<number> {
  const row = await trx
    .selectFrom('partnerships')
    .select('charter_version')
    .where('id', '=', partnershipId)
    .executeTakeFirstOrThrow()
  return row.charter_version
}

async function setCharterLinks(trx: Trx, proposalId: string, itemIds: string[]) {
  await trx.deleteFrom('proposal_charter_links').where('proposal_id', '=', proposalId).execute()
  if (itemIds.length > 0) {
    await trx
      .insertInto('proposal_charter_links')
      .values(itemIds.map((charter_item_id) => ({ proposal_id: proposalId, charter_item_id })))
      .execute()
  }
}

/**
 * Whether partnership leads must sign: amendments, and decisions that state they touch an active
 * stance. Kept current on drafts too (submission recomputes it), so a draft shows it openly and
 * the lifecycle relations of a draft agree with what submission will record.
 */
function needsLeads(
  type: 'decision' | 'amendment',
  content: ProposalContent,
  charter: CharterItemAt[],
): 0 | 1 {
  if (type === 'amendment') return 1
  const stances = new Set(
    charter.filter((i) => i.kind === 'stance' && i.status === 'active').map((i) => i.id),
  )
  return content.impacts.some((i) => i.impact === 'touches' && stances.has(i.itemId)) ? 1 : 0
}

/** Saves changes to the proposal row and bumps its version. */
async function bump(
  trx: Trx,
  p: Proposal,
  changes: Partial<ProposalTable> = {},
): Promise<Proposal> {
  const next = { ...p, ...changes, version: p.version + 1, updated_at: now() }
  const { id, ...rest } = next
  await trx.updateTable('proposals').set(rest).where('id', '=', id).execute()
  return next
}

export async function createProposal(
  db: Db,
  user: SessionUser,
  input: { partnershipId: string; type: 'decision' | 'amendment'; content: ProposalContent },
) {
  if (!isParticipant(user, input.partnershipId) || !user.partyCode) {
    throw new DomainError(
      'FORBIDDEN',
      'Only members and leads of a party to the partnership can file proposals.',
    )
  }
  const partyCode = user.partyCode
  return writeTransaction(db, async (trx) => {
    const partnership = await trx
      .selectFrom('partnerships')
      .select(['next_proposal_number', 'charter_version'])
      .where('id', '=', input.partnershipId)
      .executeTakeFirstOrThrow()
    const charter = await charterAt(trx, input.partnershipId, partnership.charter_version)
    await validateReferences(trx, input.partnershipId, input.type, input.content, charter, {
      complete: false,
    })
    const id = randomUUID()
    const created = now()
    const row: ProposalTable = {
      id,
      partnership_id: input.partnershipId,
      number: partnership.next_proposal_number,
      type: input.type,
      workstream_id: input.content.workstreamId,
      author_id: user.id,
      author_party: partyCode,
      title: input.content.title,
      state: 'draft',
      current_revision: 1,
      version: 1,
      decide_by: input.content.decideBy,
      policy: null,
      charter_version: null,
      needs_partnership_leads: needsLeads(input.type, input.content, charter),
      submitted_at: null,
      closed_at: null,
      created_at: created,
      updated_at: created,
    }
    await trx
      .updateTable('partnerships')
      .set({ next_proposal_number: partnership.next_proposal_number + 1 })
      .where('id', '=', input.partnershipId)
      .execute()
    await trx.insertInto('proposals').values(row).execute()
    await trx
      .insertInto('proposal_revisions')
      .values(revisionRow(id, 1, input.content, user.id))
      .execute()
    await setCharterLinks(trx, id, input.content.charterItemIds)
    await proposalEvent(trx, actorOf(user), row, {
      action: 'proposal.created',
      visibility: visibilityOf(row),
      after: { code: proposalCode(row), type: input.type, state: 'draft', content: input.content },
    })
    return { id, number: row.number, code: proposalCode(row), version: row.version }
  })
}

/** Drafts change in place; after submission every change is a new revision. */
export async function updateDraft(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; content: ProposalContent },
) {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    await authorize(trx, user, p, 'update_draft', { expectedVersion: input.expectedVersion })
    const charter = await charterAt(
      trx,
      p.partnership_id,
      await currentCharterVersion(trx, p.partnership_id),
    )
    await validateReferences(trx, p.partnership_id, p.type, input.content, charter, {
      complete: false,
    })
    const before = await trx
      .selectFrom('proposal_revisions')
      .selectAll()
      .where('proposal_id', '=', p.id)
      .where('number', '=', 1)
      .executeTakeFirstOrThrow()
    const { proposal_id, number, ...row } = revisionRow(p.id, 1, input.content, user.id)
    await trx
      .updateTable('proposal_revisions')
      .set(row)
      .where('proposal_id', '=', proposal_id)
      .where('number', '=', number)
      .execute()
    await setCharterLinks(trx, p.id, input.content.charterItemIds)
    const next = await bump(trx, p, {
      title: input.content.title,
      workstream_id: input.content.workstreamId,
      decide_by: input.content.decideBy,
      needs_partnership_leads: needsLeads(p.type, input.content, charter),
    })
    await proposalEvent(trx, actorOf(user), p, {
      action: 'proposal.draft_updated',
      visibility: visibilityOf(p),
      before: { title: before.title, body: before.body },
      after: { content: input.content },
    })
    return { version: next.version }
  })
}

export async function assignReviewers(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; reviewerIds: string[] },
) {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    await authorize(trx, user, p, 'assign_reviewers', { expectedVersion: input.expectedVersion })
    const ids = [...new Set(input.reviewerIds)]
    if (ids.includes(p.author_id)) {
      throw new DomainError(
        'VALIDATION',
        'reviewerIds: the author cannot review their own proposal.',
        { field: 'reviewerIds' },
      )
    }
    const people = ids.length
      ? await trx
          .selectFrom('users')
          .innerJoin('parties', 'parties.id', 'users.party_id')
          .innerJoin('memberships', 'memberships.user_id', 'users.id')
          .select(['users.id', 'users.status', 'parties.code'])
          .where('users.id', 'in', ids)
          .where('memberships.partnership_id', '=', p.partnership_id)
          .where('memberships.role', 'in', ['member', 'workstream_lead', 'partnership_lead'])
          .execute()
      : []
    const partyOf = new Map(people.filter((x) => x.status === 'active').map((x) => [x.id, x.code]))
    const unknown = ids.find((id) => !partyOf.has(id))
    if (unknown) {
      throw new DomainError(
        'VALIDATION',
        'reviewerIds: reviewers must be active members or leads of a party to the partnership.',
        {
          field: 'reviewerIds',
        },
      )
    }
    const before = await trx
      .selectFrom('proposal_reviewers')
      .select(['user_id', 'party'])
      .where('proposal_id', '=', p.id)
      .execute()
    await trx.deleteFrom('proposal_reviewers').where('proposal_id', '=', p.id).execute()
    if (ids.length > 0) {
      await trx
        .insertInto('proposal_reviewers')
        .values(
          ids.map((id) => ({
            proposal_id: p.id,
            user_id: id,
            party: partyOf.get(id) as string,
            assigned_by: user.id,
            assigned_at: now(),
          })),
        )
        .execute()
    }
    let next = await bump(trx, p)
    await proposalEvent(trx, actorOf(user), p, {
      action: 'proposal.reviewers_assigned',
      visibility: visibilityOf(p),
      before: { reviewers: before.map((r) => r.user_id).sort() },
      after: { reviewers: [...ids].sort() },
    })
    // Removing the one reviewer who held out can complete the reviews.
    if (next.state === 'in_review') next = await advance(trx, actorOf(user), next)
    return { version: next.version }
  })
}

/** Judges the proposal's current revision against the charter; returns what the proposal row must record. */
async function judge(trx: Trx, p: Proposal, content: ProposalContent, charterVersion: number) {
  const charter = await charterAt(trx, p.partnership_id, charterVersion)
  await validateReferences(trx, p.partnership_id, p.type, content, charter, { complete: true })
  const { stanceTouched } = enforceGuardrails(p.type, content, charter)
  return { needs_partnership_leads: p.type === 'amendment' || stanceTouched ? 1 : 0 }
}

async function revisionContent(trx: Trx, p: Proposal): Promise<ProposalContent> {
  const r = await trx
    .selectFrom('proposal_revisions')
    .selectAll()
    .where('proposal_id', '=', p.id)
    .where('number', '=', p.current_revision)
    .executeTakeFirstOrThrow()
  return {
    title: r.title,
    body: r.body,
    workstreamId: r.workstream_id,
    charterItemIds: JSON.parse(r.charter_item_ids),
    impacts: JSON.parse(r.impacts),
    supersedes: JSON.parse(r.supersedes),
    amendment: r.amendment ? JSON.parse(r.amendment) : null,
    decideBy: r.decide_by,
  }
}

export async function submitProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number },
) {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    await authorize(trx, user, p, 'submit', { expectedVersion: input.expectedVersion })
    const content = await revisionContent(trx, p)
    const charterVersion = await currentCharterVersion(trx, p.partnership_id)
    const judged = await judge(trx, p, content, charterVersion)
    const parties = (await partiesOf(trx, [p.partnership_id])).map((x) => x.code)
    const reviewers = await trx
      .selectFrom('proposal_reviewers')
      .select('party')
      .where('proposal_id', '=', p.id)
      .execute()
    const missing = parties.filter((party) => !reviewers.some((r) => r.party === party))
    if (missing.length > 0) {
      throw new DomainError(
        'VALIDATION',
        `reviewerIds: assign at least one reviewer from each party before submitting (missing: ${missing.join(', ')}).`,
        {
          field: 'reviewerIds',
        },
      )
    }
    const partnership = await trx
      .selectFrom('partnerships')
      .select('approval_policy')
      .where('id', '=', p.partnership_id)
      .executeTakeFirstOrThrow()
    let next = await bump(trx, p, {
      state: 'in_review',
      policy: partnership.approval_policy,
      charter_version: charterVersion,
      submitted_at: now(),
      ...judged,
    })
    await proposalEvent(trx, actorOf(user), p, {
      action: 'proposal.submitted',
      before: { state: p.state },
      after: {
        state: next.state,
        revision: next.current_revision,
        content,
        policy: JSON.parse(partnership.approval_policy),
        charterVersion,
        needsPartnershipLeads: next.needs_partnership_leads === 1,
      },
    })
    next = await advance(trx, actorOf(user), next)
    return { version: next.version, state: next.state }
  })
}

export async function reviseProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; content: ProposalContent; note: string },
) {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    await authorize(trx, user, p, 'revise', { expectedVersion: input.expectedVersion })
    const judged = await judge(
      trx,
      p,
      input.content,
      p.charter_version ?? (await currentCharterVersion(trx, p.partnership_id)),
    )
    const number = p.current_revision + 1
    await trx
      .insertInto('proposal_revisions')
      .values(revisionRow(p.id, number, input.content, user.id, input.note))
      .execute()
    await setCharterLinks(trx, p.id, input.content.charterItemIds)
    let next = await bump(trx, p, {
      state: 'in_review',
      current_revision: number,
      title: input.content.title,
      workstream_id: input.content.workstreamId,
      decide_by: input.content.decideBy,
      ...judged,
    })
    await proposalEvent(trx, actorOf(user), p, {
      action: 'proposal.revised',
      before: { state: p.state, revision: p.current_revision },
      // Earlier verdicts and sign-offs stay in history but no longer count: they are stale.
      after: { state: next.state, revision: number, note: input.note, content: input.content },
    })
    next = await advance(trx, actorOf(user), next)
    return { version: next.version, revision: number, state: next.state }
  })
}

export async function withdrawProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; reason: string },
) {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    await authorize(trx, user, p, 'withdraw', { expectedVersion: input.expectedVersion })
    const next = await bump(trx, p, { state: 'withdrawn', closed_at: now() })
    await proposalEvent(trx, actorOf(user), p, {
      action: 'proposal.withdrawn',
      visibility: visibilityOf(p),
      before: { state: p.state },
      after: { state: 'withdrawn', reason: input.reason },
    })
    return { version: next.version, state: next.state }
  })
}

export async function reviewProposal(
  db: Db,
  user: SessionUser,
  input: {
    proposalId: string
    expectedVersion: number
    verdict: 'approve' | 'request_changes'
    comment: string
  },
) {
  if (input.verdict === 'request_changes' && !input.comment) {
    throw new DomainError(
      'VALIDATION',
      'comment: say what should change when you request changes.',
      { field: 'comment' },
    )
  }
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    await authorize(trx, user, p, 'review', { expectedVersion: input.expectedVersion })
    const id = randomUUID()
    await trx
      .insertInto('reviews')
      .values({
        id,
        proposal_id: p.id,
        revision: p.current_revision,
        reviewer_id: user.id,
        party: user.partyCode as string,
        verdict: input.verdict,
        comment: input.comment,
        created_at: now(),
      })
      .execute()
    let next = await bump(trx, p)
    await proposalEvent(trx, actorOf(user), p, {
      action: 'review.recorded',
      after: {
        reviewId: id,
        revision: p.current_revision,
        verdict: input.verdict,
        comment: input.comment,
      },
    })
    next = await advance(trx, actorOf(user), next)
    return { reviewId: id, version: next.version, state: next.state }
  })
}

export async function raiseConcern(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; title: string; rationale: string },
) {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    await authorize(trx, user, p, 'raise_concern', { expectedVersion: input.expectedVersion })
    const id = randomUUID()
    await trx
      .insertInto('concerns')
      .values({
        id,
        proposal_id: p.id,
        revision: p.current_revision,
        raised_by: user.id,
        party: user.partyCode as string,
        title: input.title,
        rationale: input.rationale,
        status: 'open',
        resolved_by: null,
        resolution: null,
        override: 0,
        created_at: now(),
        resolved_at: null,
      })
      .execute()
    const next = await bump(trx, p, { state: 'in_review' })
    await proposalEvent(trx, actorOf(user), p, {
      action: 'concern.raised',
      before: { state: p.state },
      after: { concernId: id, title: input.title, rationale: input.rationale, state: next.state },
    })
    return { concernId: id, version: next.version, state: next.state }
  })
}

export async function resolveConcern(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; concernId: string; resolution: string },
) {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    const concern = await trx
      .selectFrom('concerns')
      .selectAll()
      .where('id', '=', input.concernId)
      .where('proposal_id', '=', p.id)
      .executeTakeFirst()
    if (!concern)
      throw new DomainError('NOT_FOUND', 'No such concern on this proposal.', {
        field: 'concernId',
      })
    await authorize(trx, user, p, 'resolve_concern', {
      expectedVersion: input.expectedVersion,
      concern: { raisedBy: concern.raised_by, party: concern.party },
    })
    if (concern.status !== 'open') {
      throw new DomainError('INVALID_TRANSITION', 'This concern is already resolved.', {
        field: 'concernId',
      })
    }
    // Resolving someone else's concern is a partnership lead's override, and says so.
    const override = concern.raised_by !== user.id
    await trx
      .updateTable('concerns')
      .set({
        status: 'resolved',
        resolved_by: user.id,
        resolution: input.resolution,
        override: override ? 1 : 0,
        resolved_at: now(),
      })
      .where('id', '=', concern.id)
      .execute()
    let next = await bump(trx, p)
    await proposalEvent(trx, actorOf(user), p, {
      action: 'concern.resolved',
      before: { concernId: concern.id, status: 'open' },
      after: { concernId: concern.id, status: 'resolved', resolution: input.resolution, override },
    })
    next = await advance(trx, actorOf(user), next)
    return { version: next.version, state: next.state, override }
  })
}

export async function signOff(
  db: Db,
  user: SessionUser,
  input: {
    proposalId: string
    expectedVersion: number
    verdict: 'approve' | 'reject'
    rationale: string
  },
) {
  if (input.verdict === 'reject' && !input.rationale) {
    throw new DomainError('VALIDATION', 'rationale: a rejection needs a rationale.', {
      field: 'rationale',
    })
  }
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    await authorize(trx, user, p, input.verdict === 'approve' ? 'sign_off' : 'reject', {
      expectedVersion: input.expectedVersion,
    })
    const party = user.partyCode as string
    if (input.verdict === 'approve') {
      const already = await trx
        .selectFrom('signoffs')
        .select('id')
        .where('proposal_id', '=', p.id)
        .where('revision', '=', p.current_revision)
        .where('party', '=', party)
        .where('verdict', '=', 'approve')
        .executeTakeFirst()
      if (already) {
        throw new DomainError(
          'INVALID_TRANSITION',
          `${party} has already signed off revision ${p.current_revision} of ${proposalCode(p)}.`,
        )
      }
    }
    const id = randomUUID()
    await trx
      .insertInto('signoffs')
      .values({
        id,
        proposal_id: p.id,
        revision: p.current_revision,
        signer_id: user.id,
        party,
        verdict: input.verdict,
        rationale: input.rationale,
        created_at: now(),
      })
      .execute()
    await proposalEvent(trx, actorOf(user), p, {
      action: 'signoff.recorded',
      after: {
        signoffId: id,
        revision: p.current_revision,
        party,
        verdict: input.verdict,
        rationale: input.rationale,
      },
    })
    if (input.verdict === 'reject') {
      const next = await bump(trx, p, { state: 'rejected', closed_at: now() })
      await proposalEvent(trx, actorOf(user), p, {
        action: 'proposal.rejected',
        before: { state: p.state },
        after: { state: 'rejected', party, rationale: input.rationale },
      })
      return { version: next.version, state: next.state, decisionId: null }
    }
    const parties = (await partiesOf(trx, [p.partnership_id])).map((x) => x.code)
    const signed = await trx
      .selectFrom('signoffs')
      .select('party')
      .where('proposal_id', '=', p.id)
      .where('revision', '=', p.current_revision)
      .where('verdict', '=', 'approve')
      .execute()
    const signedParties = new Set(signed.map((s) => s.party))
    if (!parties.every((x) => signedParties.has(x))) {
      const next = await bump(trx, p)
      return { version: next.version, state: next.state, decisionId: null }
    }
    // Every party has signed the current revision: approve and issue the decision together.
    const next = await bump(trx, p, { state: 'approved', closed_at: now() })
    await proposalEvent(trx, actorOf(user), p, {
      action: 'proposal.approved',
      before: { state: p.state },
      after: {
        state: 'approved',
        revision: p.current_revision,
        parties: [...signedParties].sort(),
      },
    })
    const decision = await issueDecision(trx, actorOf(user), next, await revisionContent(trx, next))
    return { version: next.version, state: next.state, decisionId: decision.id }
  })
}

export async function rejectProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; rationale: string },
) {
  return signOff(db, user, { ...input, verdict: 'reject' })
}

/** The review tally of the current revision, per party. */
export async function reviewStatus(trx: Trx | Db, p: Proposal) {
  const policy = (p.policy ? JSON.parse(p.policy) : DEFAULT_POLICY) as ApprovalPolicy
  const needed = policy.reviewsPerParty[p.type]
  const [parties, reviewers, reviews, openConcerns] = await Promise.all([
    partiesOf(trx, [p.partnership_id]),
    trx
      .selectFrom('proposal_reviewers')
      .select(['user_id', 'party'])
      .where('proposal_id', '=', p.id)
      .execute(),
    trx
      .selectFrom('reviews')
      .select(['reviewer_id', 'party', 'verdict', 'created_at', 'id'])
      .where('proposal_id', '=', p.id)
      .where('revision', '=', p.current_revision)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    trx
      .selectFrom('concerns')
      .select('id')
      .where('proposal_id', '=', p.id)
      .where('status', '=', 'open')
      .execute(),
  ])
  const assigned = new Set(reviewers.map((r) => r.user_id))
  // A reviewer's latest verdict on the current revision is the one that counts.
  const latest = new Map<string, { party: string; verdict: string }>()
  for (const r of reviews) if (assigned.has(r.reviewer_id)) latest.set(r.reviewer_id, r)
  const perParty = parties.map(({ code }) => {
    const verdicts = [...latest.values()].filter((v) => v.party === code)
    return {
      party: code,
      approvals: verdicts.filter((v) => v.verdict === 'approve').length,
      changesRequested: verdicts.filter((v) => v.verdict === 'request_changes').length,
      needed,
    }
  })
  const ready =
    openConcerns.length === 0 &&
    perParty.every((x) => x.approvals >= x.needed && x.changesRequested === 0)
  return { perParty, openConcerns: openConcerns.length, ready }
}

/** The automatic step: in review → awaiting sign-off once the reviews are complete. */
async function advance(trx: Trx, actor: Actor, p: Proposal): Promise<Proposal> {
  if (p.state !== 'in_review') return p
  const status = await reviewStatus(trx, p)
  if (!status.ready) return p
  const next: Proposal = { ...p, state: 'awaiting_signoff' satisfies ProposalState }
  await trx.updateTable('proposals').set({ state: next.state }).where('id', '=', p.id).execute()
  await proposalEvent(trx, actor, p, {
    action: 'proposal.ready_for_signoff',
    before: { state: p.state },
    after: { state: next.state, revision: p.current_revision, reviews: status.perParty },
  })
  return next
}
