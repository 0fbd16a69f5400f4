/**
 * The append chains to the tip it remembers only when the database confirms it (ADR 0038): two
 * handles on one database (two instances, or the server and the CLI) writing in turn, appends that
 * roll back, and rows written past the append code all leave one chain whose trees hold exactly
 * the leaves of its events. Checked with the shared code (pure-JS SHA-256), never the server's.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Db, writeTransaction } from '../../db/connect'
import { appendRawEvent, SYSTEM_ACTOR } from '../../server/audit/ledger'
import { eventHeaderOf, sealEvent } from '../../server/audit/ledger-row'
import { rootAt } from '../../server/audit/tree'
import { readableEvent } from '../../server/audit/visibility'
import { eventEntry, logOfEvent, verifyChain } from '../../shared/ledger-hash'
import { defaultHasher, type Hash, rootFromLeafHashes, toHex } from '../../shared/merkle'
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/db'

/** The chain verifies, and every tree's stored leaves and root are those of its events. */
async function expectOneChainAndItsTrees(db: Db) {
  const rows = await db.selectFrom('ledger_events').selectAll().orderBy('seq').execute()
  expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1))
  expect(
    await verifyChain(rows.map((row) => readableEvent(eventHeaderOf(row), row))),
  ).toMatchObject({ ok: true, count: rows.length })
  const leaves = new Map<string, { seq: number; leaf: Hash }[]>()
  for (const row of rows) {
    const header = eventHeaderOf(row)
    const list = leaves.get(logOfEvent(header)) ?? []
    list.push({ seq: header.seq, leaf: defaultHasher.leaf(eventEntry(header)) })
    leaves.set(logOfEvent(header), list)
  }
  for (const [log, list] of leaves) {
    const stored = await db
      .selectFrom('ledger_tree_hashes')
      .select(['idx', 'hash', 'seq'])
      .where('log', '=', log)
      .where('level', '=', 0)
      .orderBy('idx')
      .execute()
    expect(stored.map((s) => [Number(s.idx), Number(s.seq), s.hash])).toEqual(
      list.map((l, i) => [i, l.seq, toHex(l.leaf)]),
    )
    expect(toHex(await rootAt(db, log, list.length))).toBe(
      toHex(rootFromLeafHashes(list.map((l) => l.leaf))),
    )
  }
}

describe.each(DATABASE_KINDS)('appending to the tip of the ledger (%s)', (kind) => {
  let database: TestDatabase
  let other: Db
  const logs = [randomUUID(), randomUUID(), null]

  beforeAll(async () => {
    database = await freshDatabase(kind)
    // A second handle on the same database: another instance, or the CLI beside the server.
    other =
      kind === 'sqlite'
        ? connect({ kind: 'sqlite', file: database.file as string })
        : connect({
            kind: 'postgres',
            url: process.env.TEST_DATABASE_URL as string,
            schema: database.schema,
          })
  })
  afterAll(async () => {
    await other?.destroy()
    await database?.destroy()
  })

  const append = (db: Db, partnershipId: string | null, step: number) =>
    writeTransaction(db, (trx) =>
      appendRawEvent(trx, SYSTEM_ACTOR, {
        partnershipId,
        action: 'partnership.created',
        entityType: 'partnership',
        entityId: partnershipId ?? 'none',
        after: { step },
      }),
    )

  it('keeps one chain and exact trees when two handles, rollbacks and a raw row take turns', async () => {
    let step = 0
    for (let round = 0; round < 12; round++) {
      // Runs of appends on one handle (its memory holds), then the other (its memory is stale).
      const db = round % 3 === 1 ? other : database.db
      for (let i = 0; i <= round % 4; i++) {
        const seq = await append(db, logs[(round + i) % logs.length] as string | null, step++)
        expect(seq).toBe(step)
      }
      if (round % 4 === 2) {
        // Appended, then rolled back: the handle remembers a head the database never kept.
        await expect(
          writeTransaction(database.db, async (trx) => {
            await appendRawEvent(trx, SYSTEM_ACTOR, {
              partnershipId: logs[round % logs.length] as string | null,
              action: 'partnership.created',
              entityType: 'partnership',
              entityId: 'rolled back',
              after: { step: -1 },
            })
            throw new Error('a later step of the mutation fails')
          }),
        ).rejects.toThrow('a later step')
      }
      await expectOneChainAndItsTrees(database.db)
    }
  })

  it('chains after an event written past the append code (a tool writing raw rows)', async () => {
    const seq = await append(database.db, logs[0] as string | null, 100)
    // A raw event with no leaf: the head moves, the tree of logs[0] does not.
    const last = await database.db
      .selectFrom('ledger_events')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    const { row } = await sealEvent(
      {
        seq: Number(last.seq) + 1,
        ts: new Date().toISOString(),
        partnershipId: null,
        actorId: null,
        actorParty: null,
        action: 'partnership.created',
        entityType: 'partnership',
        entityId: 'raw',
        visibility: 'joint',
        prevHash: last.hash,
      },
      { before: null, after: null },
    )
    await database.db.insertInto('ledger_events').values(row).execute()
    // The handle's memory says the head is `seq`: the database says otherwise, and wins.
    expect(await append(database.db, logs[0] as string | null, 101)).toBe(seq + 2)
    const rows = await database.db.selectFrom('ledger_events').selectAll().orderBy('seq').execute()
    expect(rows.at(-1)?.prev_hash).toBe(row.hash)
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1))
  })
})
