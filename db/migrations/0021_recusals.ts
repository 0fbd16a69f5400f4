import type { Kysely } from 'kysely'

/**
 * Frozen in time. Positions and recusal (issue 14, ADR 0029). Reviews keep their `verdict`
 * column, which now also holds `no_objection` and `abstain` (text, no check to change). A
 * recusal is of the whole proposal, once per person: its own table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recusals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('recusals_once', ['proposal_id', 'user_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recusals').execute()
}
