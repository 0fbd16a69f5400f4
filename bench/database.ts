import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { connect, type Db } from '../db/connect'
import { migrateToLatest } from '../db/migrate'

/**
 * Where a benchmark's database is, for a server process to open it too: its DATA_DIR (the SQLite
 * file is DATA_DIR/concord.sqlite, as the server names it) and, on PostgreSQL, the URL and schema.
 */
export interface BenchTarget {
  kind: 'sqlite' | 'postgres'
  dataDir: string
  /** SQLite: the file */
  file?: string
  /** PostgreSQL: DATABASE_URL and the schema of this benchmark */
  url?: string
  schema?: string
}

/**
 * A fresh, migrated database for one benchmark: a SQLite file in a temporary folder, or a
 * schema of its own on DATABASE_URL; `close` removes it.
 */
export async function benchDatabase(
  kind: 'sqlite' | 'postgres',
  name: string,
): Promise<{ db: Db; close: () => Promise<void>; target: BenchTarget }> {
  let db: Db
  let close: () => Promise<void>
  let target: BenchTarget
  // A server process started on this database keeps its signing key and anchor here.
  const dir = mkdtempSync(path.join(tmpdir(), `concord-bench-${name}-`))
  if (kind === 'sqlite') {
    const file = path.join(dir, 'concord.sqlite')
    db = connect({ kind: 'sqlite', file })
    target = { kind, dataDir: dir, file }
    close = async () => {
      await db.destroy()
      rmSync(dir, { recursive: true, force: true })
    }
  } else {
    const url = process.env.DATABASE_URL as string
    const schema = `bench_${name}_${randomBytes(4).toString('hex')}`
    target = { kind, dataDir: dir, url, schema }
    const admin = connect({ kind: 'postgres', url, poolSize: 1 })
    await sql`create schema ${sql.id(schema)}`.execute(admin)
    db = connect({ kind: 'postgres', url, schema, poolSize: 2 })
    close = async () => {
      await db.destroy()
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin)
      await admin.destroy()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  await migrateToLatest(db)
  return { db, close, target }
}
