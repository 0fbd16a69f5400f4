import type { Kysely } from 'kysely'

/**
 * Frozen in time. Delegation within a party (issue 14, ADR 0030): a lead lets a named person of
 * the same party sign for them over a date range, once a second person of the party approved.
 * `starts_at`/`ends_at` are the instants the party's calendar day range maps to (ends_at is the
 * start of the day after the last day), so whether one is in force is a comparison at use time.
 * A sign-off made by a delegate names the lead it was made for (`signoffs.on_behalf_of`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('delegations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('delegator_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('delegate_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .addColumn('ended_by', 'text', (c) => c.references('users.id'))
    .addColumn('ended_at', 'text')
    .execute()
  await db.schema
    .createIndex('delegations_delegate')
    .on('delegations')
    .columns(['delegate_id', 'partnership_id'])
    .execute()
  await db.schema
    .alterTable('signoffs')
    .addColumn('on_behalf_of', 'text', (c) => c.references('users.id'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('signoffs').dropColumn('on_behalf_of').execute()
  await db.schema.dropTable('delegations').execute()
}
