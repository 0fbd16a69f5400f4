import type { Kysely } from 'kysely'

/**
 * Frozen in time. When each person last opened each proposal (issue 13, ADR 0027): "what changed
 * since my last visit". A person's own reading, kept out of the ledger and out of every other
 * person's sight; one row per person and proposal, overwritten on each visit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proposal_visits')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('visited_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_visits_pk', ['user_id', 'proposal_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proposal_visits').execute()
}
