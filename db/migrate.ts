import { type Migration, type MigrationResultSet, Migrator, sql } from 'kysely'
import { type Db, isPostgres } from './connect'
import * as m0001 from './migrations/0001_foundation'
import * as m0002 from './migrations/0002_ledger_append_only'
import * as m0003 from './migrations/0003_workflow'
import * as m0004 from './migrations/0004_audit'
import * as m0005 from './migrations/0005_party_governance'
import * as m0006 from './migrations/0006_hardening'
import * as m0007 from './migrations/0007_private_draft_handles'
import * as m0008 from './migrations/0008_idempotency'
import * as m0009 from './migrations/0009_notifications'
import * as m0010 from './migrations/0010_search'
import * as m0012 from './migrations/0012_signoff_authentication'
import * as m0013 from './migrations/0013_merkle'
import * as m0014 from './migrations/0014_charter_languages'
import * as m0015 from './migrations/0015_salted_commitments'
import * as m0018 from './migrations/0018_proposal_visits'
import * as m0020 from './migrations/0020_dashboard_figures'
import * as m0021 from './migrations/0021_recusals'
import * as m0022 from './migrations/0022_delegations'
import * as m0023 from './migrations/0023_grounded_concerns'
import * as m0024 from './migrations/0024_escalation_ladder'
import * as m0025 from './migrations/0025_calendar_feeds'
import * as m0026 from './migrations/0026_search_words'
import * as m0027 from './migrations/0027_ledger_append'
import * as m0028 from './migrations/0028_inbox_indexes'

// Listed here rather than read from a folder, so migrations run the same under tsx, Vitest and
// a bundle. Add each new migration at the end; never edit one that has shipped.
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_ledger_append_only': m0002,
  '0003_workflow': m0003,
  '0004_audit': m0004,
  '0005_party_governance': m0005,
  '0006_hardening': m0006,
  '0007_private_draft_handles': m0007,
  '0008_idempotency': m0008,
  '0009_notifications': m0009,
  '0010_search': m0010,
  '0012_signoff_authentication': m0012,
  '0013_merkle': m0013,
  '0014_charter_languages': m0014,
  '0018_proposal_visits': m0018,
  '0020_dashboard_figures': m0020,
  '0024_escalation_ladder': m0024,
  '0015_salted_commitments': m0015,
  '0025_calendar_feeds': m0025,
  '0021_recusals': m0021,
  '0022_delegations': m0022,
  '0023_grounded_concerns': m0023,
  '0026_search_words': m0026,
  '0027_ledger_append': m0027,
  '0028_inbox_indexes': m0028,
}

async function migrator(db: Db): Promise<Migrator> {
  // Unless told its schema, Kysely takes its bookkeeping tables to exist when any schema of the
  // database has them, then fails to find them in ours ("kysely_migration_lock does not exist").
  const schema = isPostgres(db)
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
  })
}

function check({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`)
  }
  return (results ?? []).map((r) => r.migrationName)
}

/**
 * Runs one migrator step, trying again when it failed before any migration ran.
 *
 * Kysely's migrator reads the whole database catalog to find its own tables; on PostgreSQL that
 * read fails when another schema of the same database changes at that moment (a table dropped,
 * or a column: "column … of relation … does not exist"), as the test suite does in parallel.
 * Nothing has run then, and each migration runs in one transaction there, so trying again is
 * safe. A migration that itself fails (status "Error") is not retried.
 */
async function withCatalogRetry(
  db: Db,
  step: () => Promise<MigrationResultSet>,
): Promise<MigrationResultSet> {
  const attempts = isPostgres(db) ? 4 : 1
  for (let attempt = 1; ; attempt++) {
    const result = await step()
    const migrationFailed = result.results?.some((r) => r.status === 'Error')
    if (!result.error || migrationFailed || attempt >= attempts) return result
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
  }
}

/** Brings the database up to date; returns the names of the migrations it ran. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await withCatalogRetry(db, async () => (await migrator(db)).migrateToLatest()))
}

/** Undoes the latest migration; returns its name. */
export async function migrateDown(db: Db): Promise<string[]> {
  return check(await withCatalogRetry(db, async () => (await migrator(db)).migrateDown()))
}
