/**
 * Writing a proposal: filing it, editing the draft, submitting it, revising it, withdrawing it.
 * Each is one writeTransaction with its ledger event; all but filing go through `transition`.
 */
import { randomUUID } from 'node:crypto'
import { type Db, type Trx, writeTransaction } from '../../../db/connect'
import type { Proposal, ProposalTable } from '../../../db/schema'
import { proposalCode } from '../../../shared/codes'
import { DomainError } from '../../../shared/errors'
import { CREATE, needsPartnershipLeads } from '../../../shared/lifecycle'
import type { ProposalContent } from '../../../shared/schemas/proposal'
import { reviewersShort } from '../../../shared/waits'
import { recordTimeNow } from '../../clock'
import { charterAt, currentCharterVersion } from '../charter/at-version'
import { setCharterLinks } from '../charter/links'
import { once } from '../idempotency'
import { takeNumber } from '../partnerships'
import { actorOf, type SessionUser } from '../users'
import { isParticipant } from './access'
import { enforceGuardrails, refusePastDecideBy, validateReferences } from './content'
import { proposalEvent } from './events'
import { contentOf, currentContent, readRevision, revisionRow } from './revision'
import { policyOf } from './tally'
import { act } from './transition'
import { waitsOfProposal } from './waits'

const now = () => recordTimeNow()

/** The row fields that follow the content of the current revision. */
export function contentFields(content: ProposalContent) {
  return {
    title: content.title,
    workstream_id: content.workstreamId,
    decide_by: content.decideBy,
  }
}

/**
 * Checks content for submission against the charter at `charterVersion`; returns whether
 * partnership leads must sign. A draft records the same answer openly, so its relations agree
 * with what submission will record.
 */
export async function judge(
  trx: Trx,
  p: Proposal,
  content: ProposalContent,
  charterVersion: number,
) {
  const charter = await charterAt(trx, p.partnership_id, charterVersion)
  await validateReferences(trx, p.partnership_id, p.type, content, charter, { complete: true })
  await refuseCodesClaimedElsewhere(trx, p, content)
  enforceGuardrails(p.type, content, charter)
  return {
    needs_partnership_leads: needsPartnershipLeads(p.type, content.impacts, charter) ? 1 : 0,
  }
}

export async function createProposal(
  db: Db,
  user: SessionUser,
  input: {
    partnershipId: string
    type: 'decision' | 'amendment'
    content: ProposalContent
    idempotencyKey?: string | null
  },
) {
  const partyCode = user.partyCode
  if (!isParticipant(user, input.partnershipId) || !partyCode) {
    throw new DomainError(
      'FORBIDDEN',
      'Only members and leads of a party to the partnership can file proposals.',
    )
  }
  const { idempotencyKey: key, ...request } = input
  const scope = { userId: user.id, procedure: 'proposal.create', key, request }
  return writeTransaction(db, (trx) =>
    once(trx, scope, async () => {
      const version = await currentCharterVersion(trx, input.partnershipId)
      const charter = await charterAt(trx, input.partnershipId, version)
      await validateReferences(trx, input.partnershipId, input.type, input.content, charter, {
        complete: false,
      })
      refusePastDecideBy(input.content, null)
      const id = randomUUID()
      const created = now()
      const row: ProposalTable = {
        id,
        partnership_id: input.partnershipId,
        // The partnership-wide number waits for submission (privateTo, shared/lifecycle.ts).
        number: null,
        draft_number: await nextDraftNumber(trx, input.partnershipId, partyCode),
        type: input.type,
        ...contentFields(input.content),
        author_id: user.id,
        author_party: partyCode,
        state: CREATE.to,
        current_revision: 1,
        version: 1,
        policy: null,
        charter_version: null,
        needs_partnership_leads: needsPartnershipLeads(input.type, input.content.impacts, charter)
          ? 1
          : 0,
        submitted_at: null,
        listed_at: created,
        closed_at: null,
        created_at: created,
        updated_at: created,
        escalation: null,
      }
      await trx.insertInto('proposals').values(row).execute()
      await trx
        .insertInto('proposal_revisions')
        .values(revisionRow(id, 1, input.content, user.id))
        .execute()
      await setCharterLinks(trx, id, input.content.charterItemIds)
      await proposalEvent(trx, actorOf(user), row, {
        action: 'proposal.created',
        after: {
          code: proposalCode(row),
          type: input.type,
          state: row.state,
          content: input.content,
        },
      })
      return { id, number: row.number, code: proposalCode(row), version: row.version }
    }),
  )
}

/**
 * Two amendments under way may not add the same charter code: the second would pass review and
 * then be stuck at sign-off. Refused at submission and revision, naming the other amendment.
 */
async function refuseCodesClaimedElsewhere(trx: Trx, p: Proposal, content: ProposalContent) {
  const adds = new Set(
    (content.amendment?.changes ?? []).flatMap((c) => (c.op === 'add' ? [c.code] : [])),
  )
  if (p.type !== 'amendment' || adds.size === 0) return
  const others = await trx
    .selectFrom('proposals as p')
    .innerJoin('proposal_revisions as r', (join) =>
      join.onRef('r.proposal_id', '=', 'p.id').onRef('r.number', '=', 'p.current_revision'),
    )
    .selectAll('r')
    .select(['p.number as proposal_number'])
    .where('p.partnership_id', '=', p.partnership_id)
    .where('p.type', '=', 'amendment')
    .where('p.state', 'in', ['in_review', 'awaiting_signoff'])
    .where('p.id', '!=', p.id)
    .execute()
  for (const other of others) {
    for (const change of contentOf(other).amendment?.changes ?? []) {
      if (change.op === 'add' && adds.has(change.code)) {
        throw new DomainError(
          'CONFLICT',
          `amendment: ${proposalCode({ number: other.proposal_number })} already adds ${change.code} to the charter; choose another code, or wait until that amendment is decided.`,
          { field: 'amendment' },
        )
      }
    }
  }
}

/** The author's party's next draft handle (HONDA-DRAFT-n), counted within its own drafts only. */
async function nextDraftNumber(trx: Trx, partnershipId: string, party: string): Promise<number> {
  const row = await trx
    .selectFrom('proposals')
    .select((eb) => eb.fn.max('draft_number').as('last'))
    .where('partnership_id', '=', partnershipId)
    .where('author_party', '=', party)
    .executeTakeFirst()
  return Number(row?.last ?? 0) + 1
}

/** Drafts change in place; after submission every change is a new revision. */
export async function updateDraft(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; content: ProposalContent },
) {
  const { next } = await act(db, user, input, 'update_draft', async ({ trx, p }) => {
    const version = await currentCharterVersion(trx, p.partnership_id)
    const charter = await charterAt(trx, p.partnership_id, version)
    await validateReferences(trx, p.partnership_id, p.type, input.content, charter, {
      complete: false,
    })
    refusePastDecideBy(input.content, p.decide_by)
    const before = await readRevision(trx, p, 1)
    const { proposal_id, number, ...row } = revisionRow(p.id, 1, input.content, user.id)
    await trx
      .updateTable('proposal_revisions')
      .set(row)
      .where('proposal_id', '=', proposal_id)
      .where('number', '=', number)
      .execute()
    await setCharterLinks(trx, p.id, input.content.charterItemIds)
    return {
      changes: {
        ...contentFields(input.content),
        needs_partnership_leads: needsPartnershipLeads(p.type, input.content.impacts, charter)
          ? 1
          : 0,
      },
      event: {
        action: 'proposal.draft_updated',
        before: { title: before.title, body: before.body },
        after: { content: input.content },
      },
      result: null,
    }
  })
  return { version: next.version }
}

export async function submitProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number },
) {
  const { next } = await act(db, user, input, 'submit', async ({ trx, p, to }) => {
    const content = await currentContent(trx, p)
    const charterVersion = await currentCharterVersion(trx, p.partnership_id)
    const judged = await judge(trx, p, content, charterVersion)
    // A draft whose date passed while it was written goes out only with a date still ahead.
    refusePastDecideBy(content, null)
    // The reviewers the policy needs of each party (amendments: two by default), counted by the
    // waits rule the checklist asks too.
    const short = reviewersShort(await waitsOfProposal(trx, p))
    if (short.length > 0) {
      const needed = short[0]?.needed ?? 1
      const parties = short.map((s) => `${s.party} ${s.have}`).join(', ')
      throw new DomainError(
        'VALIDATION',
        `reviewerIds: the policy needs ${needed} reviewer(s) of each party for this ${p.type} before it is submitted (assigned now: ${parties}).`,
        { field: 'reviewerIds', rule: { name: 'tooFew', params: { needed, parties } } },
      )
    }
    const partnership = await trx
      .selectFrom('partnerships')
      .select('approval_policy')
      .where('id', '=', p.partnership_id)
      .executeTakeFirstOrThrow()
    // The first submission gives the proposal its partnership-wide number.
    const number = p.number ?? (await takeNumber(trx, p.partnership_id, 'next_proposal_number'))
    const submittedAt = now()
    const changes = {
      number,
      policy: partnership.approval_policy,
      charter_version: charterVersion,
      submitted_at: submittedAt,
      listed_at: submittedAt,
      ...judged,
    }
    return {
      changes,
      event: {
        action: 'proposal.submitted',
        // Submission is what makes a draft joint.
        visibility: 'joint',
        before: { state: p.state },
        after: {
          code: proposalCode({ number }),
          state: to,
          revision: p.current_revision,
          content,
          policy: policyOf({ policy: partnership.approval_policy }),
          charterVersion,
          needsPartnershipLeads: judged.needs_partnership_leads === 1,
        },
      },
      result: null,
    }
  })
  return { version: next.version, state: next.state }
}

export async function reviseProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; content: ProposalContent; note: string },
) {
  const { next, result } = await act(db, user, input, 'revise', async ({ trx, p, to }) => {
    const number = p.current_revision + 1
    const version = p.charter_version ?? (await currentCharterVersion(trx, p.partnership_id))
    const judged = await judge(trx, p, input.content, version)
    refusePastDecideBy(input.content, p.decide_by)
    await trx
      .insertInto('proposal_revisions')
      .values(revisionRow(p.id, number, input.content, user.id, input.note))
      .execute()
    await setCharterLinks(trx, p.id, input.content.charterItemIds)
    return {
      changes: { current_revision: number, ...contentFields(input.content), ...judged },
      event: {
        action: 'proposal.revised',
        before: { state: p.state, revision: p.current_revision },
        // Earlier verdicts and sign-offs stay in history but no longer count: they are stale.
        after: { state: to, revision: number, note: input.note, content: input.content },
      },
      result: number,
    }
  })
  return { version: next.version, revision: result, state: next.state }
}

export async function withdrawProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; reason: string },
) {
  const { next } = await act(db, user, input, 'withdraw', async ({ p, to }) => ({
    event: {
      action: 'proposal.withdrawn',
      before: { state: p.state },
      after: { state: to, reason: input.reason },
    },
    result: null,
  }))
  return { version: next.version, state: next.state }
}
