/**
 * The one mapping between a revision row (JSON text columns) and the content an author wrote,
 * read back through the shared zod schema: a stored revision that no longer parses is an error
 * here, not a wrong shape somewhere else.
 */
import { randomUUID } from 'node:crypto'
import type { Executor } from '../../../db/connect'
import type { Proposal, ProposalRevision, ProposalRevisionTable } from '../../../db/schema'
import { type ProposalContent, proposalContent } from '../../../shared/schemas/proposal'
import { recordTimeNow } from '../../clock'

export function revisionRow(
  proposalId: string,
  number: number,
  content: ProposalContent,
  userId: string,
  note = '',
): ProposalRevisionTable {
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
    created_at: recordTimeNow(),
  }
}

export function contentOf(r: ProposalRevision): ProposalContent {
  return proposalContent.parse({
    title: r.title,
    body: r.body,
    workstreamId: r.workstream_id,
    charterItemIds: JSON.parse(r.charter_item_ids),
    impacts: JSON.parse(r.impacts),
    supersedes: JSON.parse(r.supersedes),
    amendment: r.amendment ? JSON.parse(r.amendment) : null,
    decideBy: r.decide_by,
  })
}

/** A revision as the API shows it: its content, number and note. */
export function revisionView(r: ProposalRevision) {
  return {
    number: r.number,
    ...contentOf(r),
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }
}

export async function readRevision(
  db: Executor,
  p: Pick<Proposal, 'id'>,
  number: number,
): Promise<ProposalRevision> {
  return db
    .selectFrom('proposal_revisions')
    .selectAll()
    .where('proposal_id', '=', p.id)
    .where('number', '=', number)
    .executeTakeFirstOrThrow()
}

export async function currentContent(db: Executor, p: Proposal): Promise<ProposalContent> {
  return contentOf(await readRevision(db, p, p.current_revision))
}

/** The common columns of something recorded on the current revision: a review, concern, sign-off. */
export function onCurrentRevision(p: Pick<Proposal, 'id' | 'current_revision'>) {
  return {
    id: randomUUID(),
    proposal_id: p.id,
    revision: p.current_revision,
    created_at: recordTimeNow(),
  }
}
