/**
 * `/healthz` answers while the database's write connection is held (issue 16: "no request
 * freezes the others"; docs/decisions/0036-lean-reads.md). On SQLite, Kysely lends its one
 * connection to one whole transaction at a time: a health check on that connection would wait
 * for the transaction to end, and here, awaited inside it, never answer. Ordering, not timing:
 * the answer must arrive while the transaction is provably still open.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/connect'
import { createApp } from '../../server/app'
import { testConfig } from '../helpers/api'
import { DATABASE_KINDS, freshDatabase } from '../helpers/db'

describe.each(DATABASE_KINDS)('/healthz while the write connection is busy (%s)', (kind) => {
  it('answers over HTTP from inside an open write transaction, which then commits', async () => {
    const database = await freshDatabase(kind)
    const app = createApp({ db: database.db, config: testConfig() })
    let port = 0
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        port = (info as AddressInfo).port
        resolve(s)
      })
    })
    const order: string[] = []
    try {
      await writeTransaction(database.db, async (trx) => {
        // The transaction has written, so it holds the write connection (and on PostgreSQL the
        // write lock) until it ends.
        await sql`update users set name = name where 1 = 0`.execute(trx)
        order.push('transaction open')
        const res = await fetch(`http://127.0.0.1:${port}/healthz`)
        order.push(`healthz ${res.status} ${JSON.stringify(await res.json())}`)
        // The transaction is still usable after the health check answered.
        const { rows } = await sql<{ n: number }>`select count(*) as n from users`.execute(trx)
        order.push(`transaction still open (${Number(rows[0]?.n)} users)`)
      })
      order.push('committed')
      expect(order).toEqual([
        'transaction open',
        'healthz 200 {"ok":true}',
        'transaction still open (0 users)',
        'committed',
      ])
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await database.destroy()
    }
  })
})
