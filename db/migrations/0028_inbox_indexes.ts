import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time. The inbox reads the proposals on which a person can own a wait from indexes
 * (server/domain/proposals/inbox.ts, issue 16): the open concerns a person raised, and the open
 * concerns handed over to the partnership leads. Without these both were scans of every concern
 * ever raised.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index concerns_raiser_idx on concerns (raised_by, status)`.execute(db)
  await sql`create index concerns_status_idx on concerns (status, handed_over_at)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index concerns_status_idx`.execute(db)
  await sql`drop index concerns_raiser_idx`.execute(db)
}
