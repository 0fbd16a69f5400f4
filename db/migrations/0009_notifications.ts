import type { Kysely } from 'kysely'

/**
 * Frozen in time: notifications and their durable outbox (docs/decisions/0013).
 *
 * A notification and its deliveries are written in the transaction of the change that causes
 * them; a worker claims due deliveries (claimed_by / claimed_until), sends them and marks them
 * delivered. Scheduled reminders are claimed the same way. Times are ISO-8601 UTC text, dates
 * (shutdown days) are YYYY-MM-DD, JSON is text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.references('proposals.id'))
    // JSON: codes and data the recipient may see, never sentences
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute()
  await db.schema
    .createIndex('notifications_recipient_idx')
    .on('notifications')
    .columns(['recipient_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    // null: every partnership the party is in
    .addColumn('partnership_id', 'text', (c) => c.references('partnerships.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    // Standard Webhooks symmetric secret (whsec_...): needed in clear to sign
    .addColumn('secret', 'text', (c) => c.notNull())
    // JSON string[] of notification kinds
    .addColumn('event_kinds', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('outbox_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // email | webhook
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('notification_id', 'text', (c) => c.references('notifications.id'))
    .addColumn('endpoint_id', 'text', (c) => c.references('webhook_endpoints.id'))
    // email: 1 when it waits for the recipient's daily digest
    .addColumn('digest', 'integer', (c) => c.notNull())
    // webhook: JSON event body, already filtered for the endpoint's party
    .addColumn('payload', 'text')
    // pending | delivered | failed | skipped
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('outbox_deliveries_due_idx')
    .on('outbox_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute()
  await db.schema
    .createIndex('outbox_deliveries_endpoint_idx')
    .on('outbox_deliveries')
    .columns(['endpoint_id', 'created_at'])
    .execute()

  // The delivery log: one row per attempt to send.
  await db.schema
    .createTable('delivery_attempts')
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('outbox_deliveries.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    // webhook: the receiver's HTTP status, null when no answer came
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('delivery_attempts_pk', ['delivery_id', 'attempt'])
    .execute()

  await db.schema
    .createTable('proposal_follows')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_follows_pk', ['user_id', 'proposal_id'])
    .execute()
  await db.schema
    .createIndex('proposal_follows_proposal_idx')
    .on('proposal_follows')
    .columns(['proposal_id'])
    .execute()

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    // immediate | digest | off
    .addColumn('email_mode', 'text', (c) => c.notNull())
    // JSON string[] of categories the person opted out of
    .addColumn('opt_outs', 'text', (c) => c.notNull())
    // IANA zone, e.g. Asia/Tokyo
    .addColumn('time_zone', 'text', (c) => c.notNull())
    // null: the user's own locale
    .addColumn('locale', 'text')
    // local hour (0-23) at which the daily digest goes out
    .addColumn('digest_hour', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('party_calendars')
    .addColumn('party_id', 'text', (c) => c.primaryKey().references('parties.id'))
    // ISO 3166-1 alpha-2 for date-holidays (JP, US, DE ...); null: weekends only
    .addColumn('country', 'text')
    .addColumn('region', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('party_shutdown_days')
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('party_shutdown_days_pk', ['party_id', 'date'])
    .execute()

  await db.schema
    .createTable('scheduled_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // kind:proposal:party, so rescheduling replaces rather than duplicates
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('proposal_id', 'text', (c) => c.references('proposals.id'))
    .addColumn('party_id', 'text', (c) => c.references('parties.id'))
    .addColumn('due_at', 'text', (c) => c.notNull())
    // pending | done | cancelled | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('done_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('scheduled_reminders_due_idx')
    .on('scheduled_reminders')
    .columns(['status', 'due_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'scheduled_reminders',
    'party_shutdown_days',
    'party_calendars',
    'notification_preferences',
    'proposal_follows',
    'delivery_attempts',
    'outbox_deliveries',
    'webhook_endpoints',
    'notifications',
  ])
    await db.schema.dropTable(table).execute()
}
