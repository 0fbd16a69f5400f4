import { randomUUID } from 'node:crypto'
import type { Trx } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { decisionCode, proposalCode } from '../../../shared/codes'
import type { ProposalContent } from '../../../shared/schemas/proposal'
import { type Actor, appendEvent } from '../../audit/ledger'
import { recordTimeNow } from '../../clock'
import { applyAmendment } from '../charter/amend'
import { currentCharterVersion } from '../charter/at-version'
import { takeNumber } from '../partnerships'

/**
 * Issues the decision of an approved proposal, in the approving transaction: numbers it,
 * supersedes what the final revision names, and applies an amendment to the charter.
 */
export async function issueDecision(trx: Trx, actor: Actor, p: Proposal, content: ProposalContent) {
  const number = await takeNumber(trx, p.partnership_id, 'next_decision_number')
  const id = randomUUID()
  const createdAt = recordTimeNow()
  const decision = {
    id,
    partnership_id: p.partnership_id,
    number,
    proposal_id: p.id,
    revision: p.current_revision,
    workstream_id: p.workstream_id,
    title: p.title,
    status: 'active' as const,
    superseded_by: null,
    effective_date: createdAt.slice(0, 10),
    created_at: createdAt,
  }
  await trx.insertInto('decisions').values(decision).execute()
  await appendEvent(trx, actor, {
    partnershipId: p.partnership_id,
    action: 'decision.issued',
    entityType: 'decision',
    entityId: id,
    after: {
      code: decisionCode(decision),
      proposalId: p.id,
      proposal: proposalCode(p),
      revision: p.current_revision,
      title: p.title,
      workstreamId: p.workstream_id,
      charterItemIds: content.charterItemIds,
      supersedes: content.supersedes,
      effectiveDate: decision.effective_date,
    },
  })
  for (const supersededId of content.supersedes) {
    const old = await trx
      .selectFrom('decisions')
      .select(['id', 'number', 'status'])
      .where('id', '=', supersededId)
      .where('partnership_id', '=', p.partnership_id)
      .executeTakeFirst()
    if (old?.status !== 'active') continue // superseded meanwhile by another decision
    await trx
      .updateTable('decisions')
      .set({ status: 'superseded', superseded_by: id })
      .where('id', '=', old.id)
      .execute()
    await appendEvent(trx, actor, {
      partnershipId: p.partnership_id,
      action: 'decision.superseded',
      entityType: 'decision',
      entityId: old.id,
      before: { status: 'active', supersededBy: null },
      after: { status: 'superseded', supersededBy: id, by: decisionCode(decision) },
    })
  }
  if (p.type === 'amendment' && content.amendment) {
    await applyAmendment(
      trx,
      actor,
      p,
      id,
      await currentCharterVersion(trx, p.partnership_id),
      content.amendment.changes,
    )
  }
  return decision
}
