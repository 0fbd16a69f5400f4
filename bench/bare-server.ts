/**
 * The bare baseline of the HTTP goals (bench/http.ts): Hono on @hono/node-server with the driver
 * alone (better-sqlite3, or pg), no tRPC, no session, no Kysely, on the same database as the
 * real server. Started as a process of its own, as the real server is, by `startServerProcess`.
 *
 *   GET  /list     runs BARE_LIST (the SQL text and parameters the real `proposal.list` runs for
 *                  its page, captured by the bench) and answers its rows as JSON
 *   POST /insert   one autocommit INSERT of a row like a sign-off's into bench_signoffs
 *
 * SQLite is opened with the server's pragmas (WAL, synchronous FULL: an acknowledged write is on
 * disk, as the real server's are).
 */
import { randomUUID } from 'node:crypto'
import { serve } from '@hono/node-server'
import SQLite from 'better-sqlite3'
import { Hono } from 'hono'
import pg from 'pg'

const list = JSON.parse(process.env.BARE_LIST ?? '{"sql":"select 1","parameters":[]}') as {
  sql: string
  parameters: unknown[]
}
const INSERT = `insert into bench_signoffs (id, proposal_id, revision, signer_id, party, verdict, rationale, created_at, auth_method, auth_at)`

interface Driver {
  all(sql: string, parameters: unknown[]): Promise<unknown[]>
  run(sql: string, parameters: unknown[]): Promise<void>
}

function driver(): Driver {
  if (process.env.BARE_FILE) {
    const sqlite = new SQLite(process.env.BARE_FILE)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('busy_timeout = 5000')
    // Prepared once, as any hand-written server would.
    const statements = new Map<string, SQLite.Statement>()
    const prepared = (sql: string) => {
      const kept = statements.get(sql)
      if (kept) return kept
      const statement = sqlite.prepare(sql)
      statements.set(sql, statement)
      return statement
    }
    return {
      all: async (sql, parameters) => prepared(sql).all(...parameters),
      run: async (sql, parameters) => {
        prepared(sql).run(...parameters)
      },
    }
  }
  const pool = new pg.Pool({
    connectionString: process.env.BARE_URL,
    max: 10,
    options: `-c search_path=${process.env.BARE_SCHEMA}`,
  })
  return {
    all: async (sql, parameters) => (await pool.query(sql, parameters)).rows,
    run: async (sql, parameters) => {
      await pool.query(sql, parameters)
    },
  }
}

const db = driver()
const postgres = !process.env.BARE_FILE
const insertSql = `${INSERT} values (${Array.from({ length: 10 }, (_, i) => (postgres ? `$${i + 1}` : '?')).join(', ')})`

const app = new Hono()
app.get('/list', async (c) => c.json({ items: await db.all(list.sql, list.parameters) }))
app.post('/insert', async (c) => {
  const body = (await c.req.json()) as { proposalId: string; signerId: string; rationale: string }
  const now = new Date().toISOString()
  const id = randomUUID()
  await db.run(insertSql, [
    id,
    body.proposalId,
    1,
    body.signerId,
    'HONDA',
    'approve',
    body.rationale,
    now,
    'password',
    now,
  ])
  return c.json({ id })
})

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`bare server listening on http://127.0.0.1:${info.port} `)
})
