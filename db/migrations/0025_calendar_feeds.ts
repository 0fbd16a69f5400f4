import type { Kysely } from 'kysely'

/**
 * Frozen in time. A person's calendar feed (issue 14, ADR 0033): the SHA-256 of the secret in
 * their feed's address, one per person. The secret itself is never stored: the address is shown
 * once, when made; a reset replaces the row, so the old address stops working at once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_feeds').execute()
}
