/**
 * Consistent online backups, taken while the server keeps writing, and their restore.
 *
 * - SQLite: SQLite's own online backup API (better-sqlite3 `backup()`), page by page from a
 *   second connection; the result is a plain SQLite file.
 * - PostgreSQL: a logical backup of Concord's tables read in ONE repeatable-read, read-only
 *   transaction (a single snapshot, so the ledger and the rows it describes agree), written as
 *   JSON Lines. Restoring migrates an empty database to the same migrations and inserts every row
 *   in one transaction. See docs/decisions/0007-backup-and-restore.md.
 *
 * Sessions and sign-in throttling are not backed up: a restore signs everyone out.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { connect, type DatabaseTarget, type Db } from '../db/connect'
import { migrateToLatest } from '../db/migrate'
import { backfill as backfillMerkleTrees } from '../db/migrations/0013_merkle'

/** Concord's tables in an order that satisfies every foreign key when inserting. */
export const BACKUP_TABLES = [
  'parties',
  'partnerships',
  'partnership_parties',
  'users',
  'memberships',
  'charter_items',
  'charter_item_revisions',
  'charter_versions',
  'workstreams',
  'workstream_people',
  'workstream_charter_links',
  'proposals',
  'proposal_revisions',
  'proposal_charter_links',
  'proposal_reviewers',
  'reviews',
  'concerns',
  'signoffs',
  'decisions',
  'comments',
  'ledger_events',
  'ledger_checkpoints',
  // the ledger's Merkle trees, their checkpoints and witnesses (0013)
  'ledger_tree_hashes',
  'ledger_tree_checkpoints',
  'ledger_cosignatures',
  'ledger_witnesses',
  // each party's people and powers (0005)
  'role_grants',
  'auditor_admissions',
  'auditor_admission_approvals',
  'identity_providers',
  'role_mapping_changes',
  'external_identities',
  // notifications and their deliveries (0009)
  'party_calendars',
  'party_shutdown_days',
  'notification_preferences',
  'webhook_endpoints',
  'proposal_follows',
  'notifications',
  'outbox_deliveries',
  'delivery_attempts',
  'scheduled_reminders',
  // when each person last opened each proposal (0018)
  'proposal_visits',
  // the hash of each person's calendar feed secret (0025)
  'calendar_feeds',
  // recusals from proposals (0021)
  'recusals',
  // delegations of signing within a party (0022)
  'delegations',
] as const

/**
 * Never in a backup, on either database: sessions (a restore must not bring an ended session
 * back), sign-in throttling, counted refusals and sign-in flows under way (state of the moment,
 * not records).
 */
export const LEFT_OUT_TABLES = [
  'sessions',
  'login_throttle',
  'security_refusals',
  'oidc_flows',
  'idempotency_keys',
] as const

/**
 * Derived from the tables above and rebuilt from them (the search index and the dashboard's
 * counts, kept by triggers as the restored rows go in), or the migrator's own bookkeeping.
 */
export const DERIVED_TABLE_PREFIXES = ['search_', 'stats_', 'kysely_'] as const

const FORMAT = 'concord-backup'
const SQLITE_MAGIC = 'SQLite format 3\0'

export interface BackupResult {
  kind: 'sqlite' | 'postgres'
  file: string
  ledgerHead: number
  rows?: number
}

export async function backup(target: DatabaseTarget, out: string): Promise<BackupResult> {
  const partial = `${out}.partial`
  rmSync(partial, { force: true })
  try {
    const result =
      target.kind === 'sqlite'
        ? await backupSqlite(target.file, partial)
        : await backupPostgres(target, partial)
    // Only a complete backup ever carries the name asked for.
    renameSync(partial, out)
    return { ...result, file: out }
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}

async function backupSqlite(file: string, out: string) {
  if (!existsSync(file)) throw new Error(`There is no database at ${file}.`)
  const source = new SQLite(file, { readonly: true, fileMustExist: true })
  try {
    // All pages in one step: a write from the server between steps would restart the backup,
    // and a busy server could keep restarting it forever. WAL readers do not block writers.
    await source.backup(out, { progress: () => 0x7fffffff })
  } finally {
    source.close()
  }
  // The copy is a file of its own: take the sign-in state out of it and vacuum, so no session
  // (not even its hash in a free page) survives into a restore.
  const copy = new SQLite(out)
  try {
    copy.pragma('journal_mode = DELETE')
    for (const table of LEFT_OUT_TABLES) copy.prepare(`delete from ${table}`).run()
    copy.exec('vacuum')
    const check = copy.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new Error(`The backup failed its integrity check: ${String(check)}`)
    const head = copy.prepare('select coalesce(max(seq), 0) as seq from ledger_events').get() as {
      seq: number
    }
    return { kind: 'sqlite' as const, ledgerHead: head.seq }
  } finally {
    copy.close()
  }
}

async function backupPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>, out: string) {
  const db = connect({ ...target, poolSize: 1 })
  const stream = createWriteStream(out)
  const write = (line: unknown) =>
    new Promise<void>((resolve, reject) => {
      stream.write(`${JSON.stringify(line)}\n`, (error) => (error ? reject(error) : resolve()))
    })
  try {
    return await db.transaction().execute(async (trx) => {
      // One snapshot for every table: what the ledger says and what the rows say agree.
      await sql`set transaction isolation level repeatable read, read only`.execute(trx)
      const migrations = await sql<{
        name: string
      }>`select name from kysely_migration order by name`.execute(trx)
      const head = await sql<{
        seq: number | null
      }>`select max(seq) as seq from ledger_events`.execute(trx)
      const ledgerHead = Number(head.rows[0]?.seq ?? 0)
      await write({
        format: FORMAT,
        version: 1,
        dialect: 'postgres',
        createdAt: new Date().toISOString(),
        migrations: migrations.rows.map((m) => m.name),
        ledgerHead,
      })
      let rows = 0
      for (const table of BACKUP_TABLES) {
        const result = await sql<
          Record<string, unknown>
        >`select * from ${sql.table(table)}`.execute(trx)
        for (const row of result.rows) {
          await write({ table, row })
          rows++
        }
      }
      await write({ end: true, rows })
      return { kind: 'postgres' as const, ledgerHead, rows }
    })
  } finally {
    await new Promise<void>((resolve) => stream.end(resolve))
    await db.destroy()
  }
}

export function isSqliteBackup(file: string): boolean {
  const head = readFileSync(file).subarray(0, SQLITE_MAGIC.length).toString('latin1')
  return head === SQLITE_MAGIC
}

/**
 * Restores a backup into the configured database, which must be empty (a new DATA_DIR, or a
 * PostgreSQL database or schema with no Concord tables). Stop the server first.
 */
export async function restore(
  target: DatabaseTarget,
  from: string,
): Promise<{ ledgerHead: number; rows?: number }> {
  if (!existsSync(from)) throw new Error(`There is no backup at ${from}.`)
  if (target.kind === 'sqlite') {
    if (!isSqliteBackup(from))
      throw new Error('This is not a SQLite backup; restore it into PostgreSQL (DATABASE_URL).')
    if (existsSync(target.file))
      throw new Error(`${target.file} exists: restore into an empty DATA_DIR.`)
    mkdirSync(path.dirname(target.file), { recursive: true })
    const source = new SQLite(from, { readonly: true, fileMustExist: true })
    try {
      await source.backup(target.file)
    } finally {
      source.close()
    }
    const db = connect(target)
    try {
      await migrateToLatest(db)
      // A backup taken by an older Concord may still hold sessions: a restore signs everyone out.
      for (const table of LEFT_OUT_TABLES) await db.deleteFrom(table).execute()
      const head = await db
        .selectFrom('ledger_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst()
      return { ledgerHead: Number(head?.seq ?? 0) }
    } finally {
      await db.destroy()
    }
  }
  if (isSqliteBackup(from))
    throw new Error('This is a SQLite backup; restore it with DATABASE_URL unset.')
  const db = connect({ ...target, poolSize: 1 })
  try {
    return await restorePostgres(db, from)
  } finally {
    await db.destroy()
  }
}

interface BackupHeader {
  format: string
  migrations: string[]
  ledgerHead: number
}

async function restorePostgres(db: Db, from: string) {
  const lines = createInterface({
    input: createReadStream(from),
    crlfDelay: Number.POSITIVE_INFINITY,
  })
  let header: BackupHeader | null = null
  let ended = false
  let rows = 0
  const batches = new Map<string, Record<string, unknown>[]>()
  for await (const line of lines) {
    if (!line.trim()) continue
    const record = JSON.parse(line) as {
      format?: string
      table?: string
      row?: Record<string, unknown>
      end?: boolean
      rows?: number
    }
    if (!header) {
      if (record.format !== FORMAT) throw new Error('This file is not a Concord backup.')
      header = record as unknown as BackupHeader
      continue
    }
    if (record.end) {
      ended = true
      if (record.rows !== rows)
        throw new Error(
          `The backup is damaged: it announces ${record.rows} rows and holds ${rows}.`,
        )
      continue
    }
    if (
      !record.table ||
      !BACKUP_TABLES.includes(record.table as (typeof BACKUP_TABLES)[number]) ||
      !record.row
    ) {
      throw new Error('The backup holds a line that is not a row of a Concord table.')
    }
    const batch = batches.get(record.table) ?? []
    batch.push(record.row)
    batches.set(record.table, batch)
    rows++
  }
  if (!header || !ended)
    throw new Error('The backup is incomplete (no end marker): it was cut short.')
  await migrateToLatest(db)
  const applied = new Set(
    (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map(
      (m) => m.name,
    ),
  )
  const newer = header.migrations.filter((m) => !applied.has(m))
  if (newer.length > 0)
    throw new Error(
      `The backup was made by a newer Concord (migrations ${newer.join(', ')}): upgrade first.`,
    )
  const existing = await db.selectFrom('users').select('id').limit(1).execute()
  if (existing.length > 0)
    throw new Error('The target database is not empty: restore into a new database or schema.')
  await db.transaction().execute(async (trx) => {
    for (const table of BACKUP_TABLES) {
      const batch = batches.get(table) ?? []
      for (let i = 0; i < batch.length; i += 500) {
        await trx
          .insertInto(table as never)
          .values(batch.slice(i, i + 500) as never)
          .execute()
      }
    }
    // A backup from before the Merkle trees (0013): build them from the restored events.
    if (!header?.migrations.includes('0013_merkle')) await backfillMerkleTrees(trx)
  })
  return { ledgerHead: header.ledgerHead, rows }
}
