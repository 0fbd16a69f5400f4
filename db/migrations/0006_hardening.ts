import type { Kysely } from 'kysely'

// Refused calls are counted here, not each written to the ledger (server/trpc.ts): the ledger
// gets at most one `security.access_denied` event per person, procedure and minute, carrying
// how many refusals it stands for. One row per person and procedure.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('security_refusals')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('procedure', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_party', 'text')
    /** The minute (ISO text, seconds cut off) of the last event written for this pair. */
    .addColumn('event_minute', 'text', (c) => c.notNull())
    /** Refusals since that event, not in any event yet. */
    .addColumn('pending', 'integer', (c) => c.notNull())
    .addColumn('first_pending_at', 'text')
    .addColumn('last_pending_at', 'text')
    .addPrimaryKeyConstraint('security_refusals_pk', ['user_id', 'procedure'])
    .execute()
  await db.schema
    .createIndex('security_refusals_pending_idx')
    .on('security_refusals')
    .columns(['pending'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('security_refusals').execute()
}
