import { existsSync, mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import {
  Kysely,
  type KyselyConfig,
  type KyselyPlugin,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Transaction,
} from 'kysely'
import pg from 'pg'
import { readPool } from './read-pool'
import type { Database } from './schema'
import { cachingStatements } from './statement-cache'

export type Db = Kysely<Database>
export type Trx = Transaction<Database>
/** Queries take the executor first: the database, or the transaction they run in. */
export type Executor = Db | Trx

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number }

const WAL_SIZE_LIMIT = 16 * 1024 * 1024

/** The better-sqlite3 connection behind each SQLite Db, for maintenance. */
const sqliteHandles = new WeakMap<Db, SQLite.Database>()
/** The pool behind each PostgreSQL Db: its options open a listening connection (live pages). */
const postgresPools = new WeakMap<Db, pg.Pool>()

/** The options of the PostgreSQL pool behind `db` (null on SQLite), to open a connection of one's own. */
export function postgresOptionsOf(db: Db): pg.ClientConfig | null {
  const pool = postgresPools.get(db)
  return pool ? (pool.options as pg.ClientConfig) : null
}

/** Work to run once a write transaction has committed (never when it rolls back). */
const afterCommitHooks = new WeakMap<Trx, ((db: Db) => void)[]>()

/** Work to run inside a write transaction once its work is done, just before it commits. */
const beforeCommitHooks = new WeakMap<Trx, (() => Promise<void>)[]>()

/** Runs `hook` at the end of `trx` (a `writeTransaction`'s), inside it, before it commits. */
export function beforeCommit(trx: Trx, hook: () => Promise<void>): void {
  const hooks = beforeCommitHooks.get(trx)
  if (hooks) hooks.push(hook)
  else beforeCommitHooks.set(trx, [hook])
}

/**
 * Runs `hook` after the `writeTransaction` that `trx` belongs to commits; nothing if it rolls
 * back. A transaction not opened by `writeTransaction` never runs its hooks.
 */
export function afterCommit(trx: Trx, hook: (db: Db) => void): void {
  const hooks = afterCommitHooks.get(trx)
  if (hooks) hooks.push(hook)
  else afterCommitHooks.set(trx, [hook])
}

/**
 * A second, read-only connection to the same SQLite file, opened on first use and closed with
 * the Db (docs/decisions/0036-lean-reads.md). Kysely lends the one write connection to one query
 * or one whole transaction at a time; what reads through this one (the health check) never waits
 * for a transaction, a dashboard or a backup holding it. WAL lets it read while the other writes.
 */
const sqliteReaders = new WeakMap<Db, () => SQLite.Database>()

/** The read workers of each SQLite Db on a file (db/read-pool.ts). */
const readPools = new WeakMap<Db, Db>()

/**
 * Where a long read runs: the dashboard, a search (docs/decisions/0040-read-workers.md). On a
 * SQLite file, in read workers off the request thread, so others' requests do not wait for it;
 * elsewhere (PostgreSQL is asynchronous already, an in-memory SQLite has no file to share) on
 * `db` itself. Only for reads outside a transaction.
 */
export function longReads(db: Db): Db {
  return readPools.get(db) ?? db
}

/**
 * better-sqlite3 runs each statement synchronously and Kysely resolves its result at once, so a
 * request of many statements (the dashboard) would run from its first to its last without the
 * event loop turning once, and every other request (the health check) wait for all of it. After
 * each statement the request lets one turn of the event loop pass (ADR 0036): others' requests
 * get in between its statements, each statement still whole.
 */
const yieldAfterEachStatement: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    await new Promise((resolve) => setImmediate(resolve))
    return args.result
  },
}

/** `log`: Kysely's, told of every statement run (compiled templates included): for benchmarks. */
export function connect(target: DatabaseTarget, options: Pick<KyselyConfig, 'log'> = {}): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true })
    const sqlite = new SQLite(target.file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    // An acknowledged write survives a crash or power loss (docs/decisions/0003).
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('busy_timeout = 5000')
    // After a checkpoint the WAL file shrinks back to this size instead of keeping its peak size
    // for ever (after a disk-full episode, that peak is what filled the disk).
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`)
    let reader: SQLite.Database | null = null
    let closed = false
    const pool = sqlite.memory ? null : readPool(target.file)
    const database = cachingStatements(sqlite, {
      onClose: () => {
        closed = true
        reader?.close()
        void pool?.destroy()
      },
    })
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database }),
      plugins: [yieldAfterEachStatement],
      log: options.log,
    })
    sqliteHandles.set(db, sqlite)
    if (pool) readPools.set(db, pool)
    if (!sqlite.memory) {
      const file = target.file
      sqliteReaders.set(db, () => {
        if (closed) throw new Error('The database is closed.')
        if (!reader) {
          reader = new SQLite(file, { readonly: true, fileMustExist: true })
          reader.pragma('busy_timeout = 5000')
        }
        return reader
      })
    }
    return db
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    // Each connection works in the deployment's schema (tests give every run its own).
    options: target.schema ? `-c search_path=${target.schema}` : undefined,
  })
  // An idle connection the server ends (a restart, a failover, an idle timeout,
  // pg_terminate_backend) emits 'error' on the pool; without a listener Node ends the process.
  // The pool drops that connection and opens a new one for the next query; a query in flight
  // on it fails, and its request answers a clean error.
  // A connection checked out for a transaction can be ended between two of its queries too:
  // the client then emits 'error' itself. Its next query fails (and the transaction with it).
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      console.warn(`PostgreSQL ended a connection in use (${error.message}).`)
    })
  })
  pool.on('error', (error) => {
    console.warn(`PostgreSQL closed an idle connection (${error.message}); reconnecting on demand.`)
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log })
  postgresPools.set(db, pool)
  return db
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
export async function writeTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  let failure: { error: unknown } | null = null
  const committed: { trx: Trx | null } = { trx: null }
  try {
    const result = await db.transaction().execute(async (trx) => {
      // Keyed by schema too: deployments (and test runs) in other schemas of the same database
      // never wait for each other.
      if (isPostgres(trx)) {
        await sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY}, hashtext(current_schema()))`.execute(
          trx,
        )
      }
      try {
        const done = await work(trx)
        for (const hook of beforeCommitHooks.get(trx) ?? []) await hook()
        committed.trx = trx
        return done
      } catch (error) {
        failure = { error }
        throw error
      }
    })
    if (committed.trx) {
      for (const hook of afterCommitHooks.get(committed.trx) ?? []) {
        try {
          hook(db)
        } catch (error) {
          console.error('after commit:', error instanceof Error ? error.message : error)
        }
      }
    }
    return result
  } catch (error) {
    // When a write fails for lack of disk space (or an I/O error), SQLite rolls the transaction
    // back by itself; Kysely's own ROLLBACK then fails with "no transaction is active", which
    // would hide the cause. Report the cause.
    if (/no transaction is active/.test(String((error as Error | null)?.message))) {
      if (failure) throw (failure as { error: unknown }).error
      // The COMMIT itself failed (its error is not passed on by Kysely): nothing was written.
      throw Object.assign(
        new Error(
          'The database could not commit the write (disk full or I/O error); nothing was written.',
        ),
        { code: 'SQLITE_COMMIT_FAILED', cause: error },
      )
    }
    throw error
  }
}

/**
 * A health check that reads real pages, not just `select 1`: the ledger's head (its index and
 * its last leaf) and one row each of the tables every request reads (sessions, users).
 */
export async function healthCheck(db: Db): Promise<boolean> {
  try {
    const reader = sqliteReaders.get(db)
    if (reader) {
      // Off the write connection: answers while a transaction or a long read holds that one.
      const sqlite = reader()
      sqlite.prepare('select seq, hash from ledger_events order by seq desc limit 1').all()
      sqlite.prepare('select id, email from users limit 1').all()
      sqlite.prepare('select id, user_id from sessions limit 1').all()
      return true
    }
    await db
      .selectFrom('ledger_events')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .execute()
    await db.selectFrom('users').select(['id', 'email']).limit(1).execute()
    await db.selectFrom('sessions').select(['id', 'user_id']).limit(1).execute()
    return true
  } catch {
    return false
  }
}

/**
 * Recovery from a full disk without a restart (SQLite). Once a write has failed because the disk
 * was full, SQLite's own checkpoints no longer bring the WAL back down, and every write keeps
 * failing even after space is freed. Every few seconds this looks at the WAL: when it is larger
 * than the limit, or a checkpoint failed before, it runs a TRUNCATE checkpoint (moves the WAL's
 * pages into the database and empties the WAL), retrying until one succeeds. A no-op on
 * PostgreSQL. Returns a function that stops it.
 */
export function startStorageMaintenance(
  db: Db,
  options: { intervalMs?: number; walLimitBytes?: number; onRecovered?: () => void } = {},
): () => void {
  const limit = options.walLimitBytes ?? WAL_SIZE_LIMIT
  const sqlite = sqliteHandles.get(db)
  if (!sqlite || sqlite.memory) return () => {}
  let failing = false
  const timer = setInterval(() => {
    try {
      const wal = `${sqlite.name}-wal`
      const size = existsSync(wal) ? statSync(wal).size : 0
      if (!failing && size <= limit) return
      const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
      // busy: a reader held on; the WAL was not emptied this time, try again next tick.
      const recovered = result?.busy === 0
      if (failing && recovered) options.onRecovered?.()
      failing = !recovered
    } catch {
      failing = true // SQLITE_FULL or SQLITE_IOERR while the disk is still full: next tick
    }
  }, options.intervalMs ?? 5000)
  timer.unref()
  return () => clearInterval(timer)
}
