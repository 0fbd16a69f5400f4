import { sql } from 'kysely'
import type { Db } from '../../db/connect'

/** Every table a mutation may change besides the ledger: a refused call must leave all as they were. */
const TABLES = [
  'users',
  'memberships',
  'sessions',
  'role_grants',
  'auditor_admissions',
  'auditor_admission_approvals',
  'identity_providers',
  'external_identities',
  'workstream_people',
  'proposals',
  'proposal_revisions',
  'proposal_reviewers',
  'proposal_charter_links',
  'reviews',
  'concerns',
  'signoffs',
  'decisions',
  'comments',
  'charter_items',
  'charter_versions',
  'notifications',
  'outbox_deliveries',
  'proposal_follows',
  'notification_preferences',
  'webhook_endpoints',
  'party_shutdown_days',
  'scheduled_reminders',
]

/** What changes without changing a row count: statuses, versions, resolutions. */
const AGGREGATES = [
  sql`(select count(*) from users where status = 'disabled')`,
  sql`(select coalesce(sum(version), 0) from proposals)`,
  sql`(select coalesce(sum(charter_version), 0) from partnerships)`,
  sql`(select count(*) from concerns where status = 'resolved')`,
  sql`(select count(*) from decisions where status = 'superseded')`,
  sql`(select coalesce(sum(updated_version), 0) from charter_items)`,
]

/**
 * Everything a mutation can change besides the ledger (`state`), and the number of ledger events
 * other than security events (`ledger`): a refused call must leave both as they were. One
 * statement, so a fuzz run can take it twice per call.
 */
export async function databaseFingerprint(db: Db) {
  const columns = [
    ...TABLES.map((t) => sql`(select count(*) from ${sql.table(t)})`),
    ...AGGREGATES,
    sql`(select count(*) from ledger_events where action not like 'security.%')`,
  ].map((expr, i) => sql`${expr} as ${sql.ref(`c${i}`)}`)
  const { rows } = await sql<
    Record<string, number | string | null>
  >`select ${sql.join(columns)}`.execute(db)
  const values = Object.values(rows[0] ?? {}).map(Number)
  return {
    state: JSON.stringify(values.slice(0, -1)),
    ledger: values[values.length - 1] as number,
  }
}
