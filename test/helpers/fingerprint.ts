import { sql } from 'kysely'
import type { Db } from '../../db/connect'

/**
 * Everything a mutation can change besides the ledger (`state`), and the number of ledger events
 * other than security events (`ledger`): a refused call must leave both as they were.
 */
export async function databaseFingerprint(db: Db) {
  const tables = [
    'users',
    'memberships',
    'sessions',
    'workstream_people',
    'proposals',
    'proposal_revisions',
    'proposal_reviewers',
    'reviews',
    'concerns',
    'signoffs',
    'decisions',
    'comments',
    'charter_items',
    'charter_versions',
  ]
  const counts = await Promise.all(
    tables.map((t) =>
      sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`
        .execute(db)
        .then((r) => Number(r.rows[0]?.n)),
    ),
  )
  const aggregates = await sql<Record<string, number | string | null>>`select
      (select count(*) from users where status = 'disabled') as disabled,
      (select coalesce(sum(version), 0) from proposals) as versions,
      (select coalesce(sum(charter_version), 0) from partnerships) as charter,
      (select count(*) from concerns where status = 'resolved') as resolved,
      (select count(*) from decisions where status = 'superseded') as superseded,
      (select coalesce(sum(updated_version), 0) from charter_items) as items`.execute(db)
  const ledger = await sql<{
    n: number | string
  }>`select count(*) as n from ledger_events where action not like 'security.%'`.execute(db)
  return {
    state: JSON.stringify([counts, Object.values(aggregates.rows[0] ?? {}).map(Number)]),
    ledger: Number(ledger.rows[0]?.n),
  }
}
