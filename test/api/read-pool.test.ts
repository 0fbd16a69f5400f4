/**
 * Long reads run in read workers off the request thread (db/read-pool.ts, ADR 0040): they see
 * what has committed, never write, report a bad statement as an error without losing the worker,
 * and end with the database.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Db, longReads, writeTransaction } from '../../db/connect'
import { freshDatabase, type TestDatabase } from '../helpers/db'

describe('read workers (sqlite)', () => {
  let test: TestDatabase
  let reads: Db
  beforeAll(async () => {
    test = await freshDatabase('sqlite')
    reads = longReads(test.db)
  })
  afterAll(() => test?.destroy())

  const addUser = (email: string) =>
    writeTransaction(test.db, (trx) =>
      trx
        .insertInto('users')
        .values({
          id: randomUUID(),
          email,
          name: email,
          party_id: null,
          password_hash: 'not a hash: nobody signs in here',
          status: 'active',
          locale: 'en',
          created_at: new Date().toISOString(),
          disabled_at: null,
        })
        .execute(),
    )

  it('is a pool of its own on a SQLite file, and reads what the server has committed', async () => {
    expect(reads).not.toBe(test.db)
    await addUser('aiko.ito@honda.example')
    const rows = await reads
      .selectFrom('users')
      .select(['email'])
      .where('email', '=', 'aiko.ito@honda.example')
      .execute()
    expect(rows).toEqual([{ email: 'aiko.ito@honda.example' }])
    // A later commit is seen by the next read: no stale snapshot is kept between statements.
    await addUser('takeshi.mori@honda.example')
    const count = await reads
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(2)
  })

  it('refuses a statement that would write, and nothing is written', async () => {
    await expect(
      reads.deleteFrom('users').where('email', '=', 'aiko.ito@honda.example').execute(),
    ).rejects.toThrow(/reads only|readonly/i)
    const left = await test.db.selectFrom('users').select('email').execute()
    expect(left.map((u) => u.email)).toContain('aiko.ito@honda.example')
  })

  it('refuses a transaction', async () => {
    await expect(reads.transaction().execute(async () => undefined)).rejects.toThrow(
      /no transactions/,
    )
  })

  it('reports a statement SQLite rejects, and the worker goes on serving', async () => {
    await expect(sql`select * from no_such_table`.execute(reads)).rejects.toThrow(/no such table/)
    const again = await sql<{ x: number }>`select 41 + 1 as x`.execute(reads)
    expect(again.rows).toEqual([{ x: 42 }])
  })

  it('answers many reads at once, each with its own rows', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        sql<{ x: number }>`select ${i} as x`.execute(reads).then((r) => r.rows[0]?.x),
      ),
    )
    expect(answers).toEqual(Array.from({ length: 40 }, (_, i) => i))
  })
})

describe('read workers end with the database (sqlite)', () => {
  it('refuses reads once the database is closed, and starts no thread again', async () => {
    const test = await freshDatabase('sqlite')
    const reads = longReads(test.db)
    expect((await sql<{ x: number }>`select 1 as x`.execute(reads)).rows).toEqual([{ x: 1 }])
    await test.destroy()
    await expect(sql`select 1 as x`.execute(reads)).rejects.toThrow(/closed|destroyed/)
  })
})

describe('long reads elsewhere', () => {
  it('run on the database itself when it has no file to share (in memory)', async () => {
    const { connect } = await import('../../db/connect')
    const db = connect({ kind: 'sqlite', file: ':memory:' })
    try {
      expect(longReads(db)).toBe(db)
    } finally {
      await db.destroy()
    }
  })
})
