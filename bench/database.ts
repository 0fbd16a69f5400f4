import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { connect, type Db } from '../db/connect'
import { migrateToLatest } from '../db/migrate'

/**
 * A fresh, migrated database for one benchmark: a SQLite file in a temporary folder, or a
 * schema of its own on DATABASE_URL; `close` removes it.
 */
export async function benchDatabase(
  kind: 'sqlite' | 'postgres',
  name: string,
): Promise<{ db: Db; close: () => Promise<void> }> {
  let db: Db
  let close: () => Promise<void>
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), `concord-bench-${name}-`))
    db = connect({ kind: 'sqlite', file: path.join(dir, 'bench.sqlite') })
    close = async () => {
      await db.destroy()
      rmSync(dir, { recursive: true, force: true })
    }
  } else {
    const url = process.env.DATABASE_URL as string
    const schema = `bench_${name}_${randomBytes(4).toString('hex')}`
    const admin = connect({ kind: 'postgres', url, poolSize: 1 })
    await sql`create schema ${sql.id(schema)}`.execute(admin)
    db = connect({ kind: 'postgres', url, schema, poolSize: 2 })
    close = async () => {
      await db.destroy()
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin)
      await admin.destroy()
    }
  }
  await migrateToLatest(db)
  return { db, close }
}
