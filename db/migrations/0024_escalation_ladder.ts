import type { Kysely } from 'kysely'

/**
 * Frozen in time. The escalation ladder (ADR 0032): a charter item of kind `procedure` carries its
 * ladder as structured data (JSON EscalationProcedure, shared/escalation.ts) in `procedure`, on
 * the item and on each of its revisions, so it is versioned and amended like its text. A proposal
 * carries where it stands on the ladder (JSON EscalationStanding) in `escalation`; null when it
 * was never escalated. Nothing stored before changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('charter_items').addColumn('procedure', 'text').execute()
  await db.schema.alterTable('charter_item_revisions').addColumn('procedure', 'text').execute()
  await db.schema.alterTable('proposals').addColumn('escalation', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('proposals').dropColumn('escalation').execute()
  await db.schema.alterTable('charter_item_revisions').dropColumn('procedure').execute()
  await db.schema.alterTable('charter_items').dropColumn('procedure').execute()
}
