/**
 * Every table a migrated database has is either in a backup or left out on purpose: a table
 * added by a migration and forgotten in server/backup.ts would silently vanish from PostgreSQL
 * backups (which copy the listed tables).
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKUP_TABLES, DERIVED_TABLE_PREFIXES, LEFT_OUT_TABLES } from '../../server/backup'
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/db'

describe.each(DATABASE_KINDS)('backup table lists (%s)', (kind) => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await freshDatabase(kind)
  })
  afterAll(() => t?.destroy())

  it('name every table exactly once', async () => {
    const { rows } =
      kind === 'sqlite'
        ? await sql<{ name: string }>`
            select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
            t.db,
          )
        : await sql<{ name: string }>`
            select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.db)
    const tables = rows
      .map((r) => r.name)
      .filter((name) => !DERIVED_TABLE_PREFIXES.some((prefix) => name.startsWith(prefix)))
      .sort()
    const listed = [...BACKUP_TABLES, ...LEFT_OUT_TABLES] as string[]
    expect(new Set(listed).size).toBe(listed.length)
    expect(tables).toEqual([...listed].sort())
  })
})
