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
  const schema = `test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const db = connect({ kind: 'postgres', url: postgresUrl, schema, poolSize: 5 })
  await migrateToLatest(db)
  return {
    kind,
    db,
    url: postgresUrl,
    schema,
    async destroy() {
      await db.destroy()
      const cleanup = new pg.Client({ connectionString: postgresUrl })
      await cleanup.connect()
      await cleanup.query(`drop schema ${schema} cascade`)
      await cleanup.end()
    },
  }
}
