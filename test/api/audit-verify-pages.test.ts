/**
 * The server's verification reads its pages where they cost the request thread least: on a SQLite
 * file and a long ledger, in the read workers (db/read-pool.ts), while the page before is hashed
 * here (ADR 0037); elsewhere on `db` itself. Where the rows are read must change no verdict: each
 * tampering is named exactly as when every page is read on the main connection. And a read that
 * fails, a read worker that stops in particular, ends the verification with an error, never a
 * hang.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type KyselyPlugin, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Db, longReads, writeTransaction } from '../../db/connect'
import { readPool } from '../../db/read-pool'
import { makeCheckpoint } from '../../server/audit/checkpoints'
import { signingKey } from '../../server/audit/keys'
import { appendRawEvent, SYSTEM_ACTOR } from '../../server/audit/ledger'
import { verifyLedger } from '../../server/audit/verify'
import type { AuditReport } from '../../shared/audit-verify'
import { dropAppendOnlyTriggers } from '../helpers/audit'
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/db'

const EVENTS = 40
/** Small pages: the 41 events (and the checkpoint's) cross many page boundaries. */
const PAGE = 6

/** A plugin that runs `then` when the `n`-th statement has its result (and may throw). */
function atStatement(n: number, then: () => void): KyselyPlugin {
  let statements = 0
  return {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      statements += 1
      if (statements === n) then()
      return args.result
    },
  }
}

describe.each(DATABASE_KINDS)('where verification reads its pages (%s)', (kind) => {
  let database: TestDatabase
  let db: Db
  let dir: string
  let key: ReturnType<typeof signingKey>

  beforeAll(async () => {
    database = await freshDatabase(kind)
    db = database.db
    dir = mkdtempSync(path.join(tmpdir(), 'concord-verify-pages-'))
    key = signingKey({ dataDir: dir, ledgerSigningKey: null })
    await writeTransaction(db, async (trx) => {
      for (let i = 0; i < EVENTS; i++)
        await appendRawEvent(trx, SYSTEM_ACTOR, {
          partnershipId: null,
          action: 'security.access_denied',
          entityType: 'user',
          entityId: `nobody-${i}`,
          after: { procedure: `filler.${i}`, note: 'ünïcödé — テスト 😀' },
        })
    })
    await makeCheckpoint(db, key, SYSTEM_ACTOR, { reason: 'request' })
  })
  afterAll(async () => {
    await database.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  /**
   * The verdict with the pages read in the read workers (on SQLite; a ledger this short reads on
   * `db` by default, READ_WORKER_MIN_EVENTS), with the default reader, and on the main connection.
   */
  async function bothWays(): Promise<{ pages: AuditReport; main: AuditReport }> {
    const options = { publicKey: key.publicKey, full: true, pageSize: PAGE }
    const pages = await verifyLedger(db, { ...options, pages: longReads(db) })
    expect(await verifyLedger(db, options)).toEqual(pages)
    const main = await verifyLedger(db, { ...options, pages: db })
    return { pages, main }
  }

  it('reads through the read workers on a SQLite file, the database itself elsewhere', () => {
    if (kind === 'sqlite') expect(longReads(db)).not.toBe(db)
    else expect(longReads(db)).toBe(db)
  })

  it("reads a leaf again before calling it missing: its statement may have begun before the events' did", async () => {
    // Leaves read as if their statement had begun before events 9 and 20 (and their leaves)
    // were committed: each event read is then checked against its leaf read afterwards.
    let dropped = 0
    const early: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const rows = args.result.rows as { seq?: unknown; level?: unknown }[]
        if (rows[0] && 'level' in rows[0] && rows.length > 1) {
          const kept = rows.filter((r) => Number(r.seq) !== 9 && Number(r.seq) !== 20)
          dropped += rows.length - kept.length
          return { ...args.result, rows: kept as typeof args.result.rows }
        }
        return args.result
      },
    }
    const report = await verifyLedger(db, {
      publicKey: key.publicKey,
      full: true,
      pageSize: PAGE,
      pages: db.withPlugin(early),
    })
    expect(dropped).toBe(2)
    expect(report).toMatchObject({ ok: true, headSeq: EVENTS + 1 })
  })

  it('ends with the error of a page read that fails, not a hang, and leaves nothing running', async () => {
    const failing = db.withPlugin(
      atStatement(3, () => {
        throw new Error('the page read failed')
      }),
    )
    await expect(
      verifyLedger(db, { publicKey: key.publicKey, full: true, pageSize: PAGE, pages: failing }),
    ).rejects.toThrow('the page read failed')
    // The database is still usable at once: no statement of the failed run is still waiting.
    expect((await db.selectFrom('ledger_events').select('seq').limit(1).execute()).length).toBe(1)
  })

  // Read workers exist on a SQLite file only (ADR 0040): PostgreSQL reads through its own pool,
  // whose failures the test above covers, so this case has no PostgreSQL half.
  it.runIf(kind === 'sqlite')(
    'ends with an error when a read worker stops or cannot start',
    async () => {
      const file = database.file as string
      // A worker that stops in the middle (its pool closed once the third statement has its
      // rows): the statements in flight fail, later ones are refused.
      const pool = readPool(file, 1)
      const stopping = pool.withPlugin(atStatement(3, () => void pool.destroy()))
      await expect(
        verifyLedger(db, { publicKey: key.publicKey, full: true, pageSize: PAGE, pages: stopping }),
      ).rejects.toThrow(/read worker stopped|database is closed|destroyed/)
      // A worker that cannot open its database fails at its first statement.
      const broken = readPool(path.join(dir, 'no-such-file.sqlite'), 1)
      try {
        await expect(
          verifyLedger(db, { publicKey: key.publicKey, full: true, pageSize: PAGE, pages: broken }),
        ).rejects.toThrow()
      } finally {
        await broken.destroy()
      }
    },
  )

  it('names each committed tampering exactly as reading on the main connection does', async () => {
    const intact = await bothWays()
    expect(intact.pages).toMatchObject({ ok: true, headSeq: EVENTS + 1 })
    expect(intact.pages).toEqual(intact.main)

    await db.transaction().execute((trx) => dropAppendOnlyTriggers(trx, kind))
    // From the last event back, each tampering committed (the read workers see only what has
    // committed) and before the ones already made: each run names the newest one.
    const tamperings: { seq: number; reason: string; change: () => Promise<unknown> }[] = [
      {
        seq: 38,
        reason: 'tree_mismatch',
        change: () =>
          sql`update ledger_tree_hashes set hash = ${'ab'.repeat(32)} where seq = 38 and level = 0`.execute(
            db,
          ),
      },
      {
        seq: 31,
        reason: 'payload_hash_mismatch',
        change: () =>
          sql`update ledger_events set payload = replace(payload, 'filler', 'fil1er') where seq = 31`.execute(
            db,
          ),
      },
      {
        seq: 24,
        reason: 'hash_mismatch',
        change: () => sql`update ledger_events set entity_id = 'forged' where seq = 24`.execute(db),
      },
      {
        seq: 18,
        reason: 'tree_mismatch',
        change: () => sql`delete from ledger_tree_hashes where seq = 18 and level = 0`.execute(db),
      },
      {
        // The last event of the second page: the next page starts after a page that broke.
        seq: 12,
        reason: 'gap',
        change: () => sql`delete from ledger_events where seq = 12`.execute(db),
      },
      {
        seq: 7,
        reason: 'payload_hash_mismatch',
        change: () =>
          sql`update ledger_events set payload_salt = ${'00'.repeat(16)} where seq = 7`.execute(db),
      },
    ]
    for (const t of tamperings) {
      await t.change()
      const { pages, main } = await bothWays()
      expect(pages).toMatchObject({ ok: false, seq: t.seq, reason: t.reason })
      expect(pages).toEqual(main)
    }
  })
})
