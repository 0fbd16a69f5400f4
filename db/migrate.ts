import { type Migration, type MigrationResultSet, Migrator } from 'kysely'
import type { Db } from './connect'
import * as m0001 from './migrations/0001_foundation'
import * as m0002 from './migrations/0002_ledger_append_only'
import * as m0003 from './migrations/0003_workflow'
import * as m0004 from './migrations/0004_audit'

// Listed here rather than read from a folder, so migrations run the same under tsx, Vitest and
// a bundle. Add each new migration at the end; never edit one that has shipped.
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_ledger_append_only': m0002,
  '0003_workflow': m0003,
  '0004_audit': m0004,
}

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

function check({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`)
  }
  return (results ?? []).map((r) => r.migrationName)
}

/** Brings the database up to date; returns the names of the migrations it ran. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateToLatest())
}

export async function migrateDown(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateDown())
}
