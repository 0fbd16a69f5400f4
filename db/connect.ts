import { mkdirSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import {
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Transaction,
} from 'kysely'
import pg from 'pg'
import type { Database } from './schema'

export type Db = Kysely<Database>
export type Trx = Transaction<Database>
/** Queries take the executor first: the database, or the transaction they run in. */
export type Executor = Db | Trx

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number }

export function connect(target: DatabaseTarget): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true })
    const sqlite = new SQLite(target.file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    // An acknowledged write survives a crash or power loss (docs/decisions/0003).
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('busy_timeout = 5000')
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    // Each connection works in the deployment's schema (tests give every run its own).
    options: target.schema ? `-c search_path=${target.schema}` : undefined,
  })
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** Any fixed number: the key of the advisory lock that makes PostgreSQL writers take turns. */
const WRITE_LOCK_KEY = 7_316_482

/**
 * Every mutation runs here: one transaction that holds the change and its ledger event.
 *
 * On PostgreSQL the transaction first takes a transaction-scoped advisory lock, so writers from
 * every instance take turns and the ledger stays one linear chain. Taking it first (not just
 * before the append) means no writer ever holds a row lock while waiting for the ledger, so
 * writers cannot deadlock. On SQLite, better-sqlite3 runs one transaction at a time already.
 */
export function writeTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // Keyed by schema too: deployments (and test runs) in other schemas of the same database
    // never wait for each other.
    if (isPostgres(trx)) {
      await sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY}, hashtext(current_schema()))`.execute(
        trx,
      )
    }
    return work(trx)
  })
}

export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}
