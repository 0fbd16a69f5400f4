import type SQLite from 'better-sqlite3'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** Statements kept prepared per SQLite connection; the least recently used one goes first. */
export const STATEMENT_CACHE_SIZE = 500

/**
 * The connection as Kysely's SQLite dialect sees it, with its statements kept prepared
 * (docs/decisions/0036-lean-reads.md). Kysely's driver calls `prepare` for every query it runs,
 * and SQLite's prepare (parsing, planning, for FTS5 asking the virtual table for its plan) cost
 * more than running the statement for most reads. Queries bind their values as parameters, so
 * the SQL text of one query is the same on every call and is the key here.
 *
 * Safe because Kysely's driver only uses `all` and `run` (each runs the statement to its end and
 * resets it) on one connection at a time; nothing here streams (`iterate` would keep a cached
 * statement busy). SQLite re-prepares a kept statement by itself when the schema changes.
 */
export function cachingStatements(
  sqlite: SQLite.Database,
  options: { size?: number; onClose?: () => void } = {},
): SqliteDatabase {
  const size = options.size ?? STATEMENT_CACHE_SIZE
  const cache = new Map<string, SQLite.Statement>()
  return {
    close: () => {
      cache.clear()
      sqlite.close()
      options.onClose?.()
    },
    prepare(sql: string): SqliteStatement {
      const kept = cache.get(sql)
      if (kept) {
        // Most recently used last: a Map keeps insertion order.
        cache.delete(sql)
        cache.set(sql, kept)
        return kept as unknown as SqliteStatement
      }
      const statement = sqlite.prepare(sql)
      cache.set(sql, statement)
      if (cache.size > size) cache.delete(cache.keys().next().value as string)
      return statement as unknown as SqliteStatement
    },
  }
}
