/** Applying an approved amendment to the charter: new item revisions, a new charter version. */
import { randomUUID } from 'node:crypto'
import type { Trx } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { proposalCode } from '../../../shared/codes'
import { DomainError } from '../../../shared/errors'
import type { EscalationProcedure } from '../../../shared/escalation'
import type { AppliedChange } from '../../../shared/ledger-events'
import type { AmendmentChange } from '../../../shared/schemas/proposal'
import { type Actor, appendEvent } from '../../audit/ledger'
import { screeningTermsOf } from './items'

/**
 * Applies the changes in the approving transaction. An item changed or retired meanwhile refuses
 * the whole amendment rather than half-apply it.
 */
export async function applyAmendment(
  trx: Trx,
  actor: Actor,
  p: Proposal,
  decisionId: string,
  currentVersion: number,
  changes: AmendmentChange[],
) {
  const version = currentVersion + 1
  const createdAt = new Date().toISOString()
  const applied: AppliedChange[] = []
  for (const change of changes) {
    if (change.op === 'add') {
      const id = randomUUID()
      const terms = JSON.stringify(change.screeningTerms)
      // English '' stands for "written only in Japanese" (ADR 0023); the schema asks for one of two.
      const text = {
        title: change.title ?? '',
        statement: change.statement ?? '',
        titleJa: change.titleJa ?? null,
        statementJa: change.statementJa ?? null,
      }
      await trx
        .insertInto('charter_items')
        .values({
          id,
          partnership_id: p.partnership_id,
          code: change.code,
          kind: change.kind,
          title: text.title,
          statement: text.statement,
          title_ja: text.titleJa,
          statement_ja: text.statementJa,
          screening_terms: terms,
          procedure: change.procedure ? JSON.stringify(change.procedure) : null,
          status: 'active',
          introduced_version: version,
          updated_version: version,
          retired_version: null,
          created_at: createdAt,
        })
        .execute()
      await trx
        .insertInto('charter_item_revisions')
        .values({
          item_id: id,
          version,
          title: text.title,
          statement: text.statement,
          title_ja: text.titleJa,
          statement_ja: text.statementJa,
          screening_terms: terms,
          procedure: change.procedure ? JSON.stringify(change.procedure) : null,
          status: 'active',
          created_at: createdAt,
        })
        .execute()
      const after = {
        code: change.code,
        kind: change.kind,
        ...text,
        screeningTerms: change.screeningTerms,
        ...(change.procedure ? { procedure: change.procedure } : {}),
        version,
      }
      applied.push({ op: 'add', itemId: id, after })
      await appendEvent(trx, actor, {
        partnershipId: p.partnership_id,
        action: 'charter.item_added',
        entityType: 'charter_item',
        entityId: id,
        after: { ...after, decisionId },
      })
      continue
    }
    const item = await trx
      .selectFrom('charter_items')
      .selectAll()
      .where('id', '=', change.itemId)
      .executeTakeFirst()
    if (item?.status !== 'active' || item.partnership_id !== p.partnership_id) {
      // The charter moved on since submission: approving must not half-apply the amendment.
      throw new DomainError(
        'CONFLICT',
        'The charter changed since this amendment was submitted; revise it against the current charter.',
      )
    }
    const before = {
      title: item.title,
      statement: item.statement,
      titleJa: item.title_ja,
      statementJa: item.statement_ja,
      screeningTerms: screeningTermsOf(item.screening_terms),
      status: item.status,
      ...(item.procedure ? { procedure: JSON.parse(item.procedure) as EscalationProcedure } : {}),
    }
    const next =
      change.op === 'retire'
        ? { ...before, status: 'retired' as const }
        : {
            title: change.title ?? item.title,
            statement: change.statement ?? item.statement,
            titleJa: change.titleJa ?? item.title_ja,
            statementJa: change.statementJa ?? item.statement_ja,
            screeningTerms: change.screeningTerms ?? before.screeningTerms,
            status: 'active' as const,
            ...((change.procedure ?? before.procedure)
              ? { procedure: change.procedure ?? before.procedure }
              : {}),
          }
    await trx
      .updateTable('charter_items')
      .set({
        title: next.title,
        statement: next.statement,
        title_ja: next.titleJa,
        statement_ja: next.statementJa,
        screening_terms: JSON.stringify(next.screeningTerms),
        procedure: next.procedure ? JSON.stringify(next.procedure) : null,
        status: next.status,
        updated_version: version,
        retired_version: change.op === 'retire' ? version : null,
      })
      .where('id', '=', item.id)
      .execute()
    await trx
      .insertInto('charter_item_revisions')
      .values({
        item_id: item.id,
        version,
        title: next.title,
        statement: next.statement,
        title_ja: next.titleJa,
        statement_ja: next.statementJa,
        screening_terms: JSON.stringify(next.screeningTerms),
        procedure: next.procedure ? JSON.stringify(next.procedure) : null,
        status: next.status,
        created_at: createdAt,
      })
      .execute()
    applied.push({ op: change.op, itemId: item.id, code: item.code, before, after: next })
    await appendEvent(trx, actor, {
      partnershipId: p.partnership_id,
      action: change.op === 'retire' ? 'charter.item_retired' : 'charter.item_changed',
      entityType: 'charter_item',
      entityId: item.id,
      before,
      after: { ...next, version, decisionId },
    })
  }
  await trx
    .updateTable('partnerships')
    .set({ charter_version: version })
    .where('id', '=', p.partnership_id)
    .execute()
  await trx
    .insertInto('charter_versions')
    .values({
      partnership_id: p.partnership_id,
      version,
      created_at: createdAt,
      decision_id: decisionId,
      summary: p.title,
      changes: JSON.stringify(applied),
    })
    .execute()
  await appendEvent(trx, actor, {
    partnershipId: p.partnership_id,
    action: 'charter.amended',
    entityType: 'charter',
    entityId: p.partnership_id,
    before: { version: currentVersion },
    after: { version, decisionId, proposal: proposalCode(p), changes: applied },
  })
}
