import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { connect, type Db } from '../../db/connect'
import { migrateToLatest } from '../../db/migrate'

export type DatabaseKind = 'sqlite' | 'postgres'

const postgresUrl = process.env.TEST_DATABASE_URL
if (process.env.CI === 'true' && !postgresUrl) {
  // In CI a missing PostgreSQL is a failure, never a quiet skip of half the suite.
  throw new Error(
    'CI=true but TEST_DATABASE_URL is not set: the API suite must run on PostgreSQL too.',
  )
}

/** The databases the API suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DATABASE_KINDS: DatabaseKind[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite']

export interface TestDatabase {
  kind: DatabaseKind
  db: Db
  /** For PostgreSQL: the URL and schema, so another process can open the same database. */
  url?: string
  schema?: string
  /** For SQLite: the file. */
  file?: string
  destroy(): Promise<void>
}

/** A freshly migrated, empty database of its own: a temporary SQLite file or a new PostgreSQL schema. */
export async function freshDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'concord-test-'))
    const file = path.join(dir, 'concord.sqlite')
    const db = connect({ kind: 'sqlite', file })
    await migrateToLatest(db)
    return {
      kind,
      db,
      file,
      async destroy() {
        await db.destroy()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set')
  const url = postgresUrl
  const schema = `test_${randomBytes(6).toString('hex')}`
  const db = connect({ kind: 'postgres', url, schema, poolSize: 5 })
  await withSchemaLock(url, async (admin) => {
    await admin.query(`create schema ${schema}`)
    await migrateToLatest(db)
  })
  return {
    kind,
    db,
    url,
    schema,
    async destroy() {
      await db.destroy()
      await withSchemaLock(url, (admin) => admin.query(`drop schema ${schema} cascade`))
    },
  }
}

/** Any fixed number, other than the application's own lock keys. */
const SCHEMA_LOCK_KEY = 7_316_499

/**
 * Test workers take turns to create, migrate and drop their schemas. Kysely's migrator reads the
 * catalog of every schema, and fails ("schema ... does not exist") when another worker drops
 * one at that moment.
 */
async function withSchemaLock<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK_KEY])
    return await work(admin)
  } finally {
    await admin.end()
  }
}
