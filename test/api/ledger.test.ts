import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Db, writeTransaction } from '../../db/connect'
import type { LedgerEventRow } from '../../db/schema'
import { appendRawEvent } from '../../server/audit/ledger'
import { eventHeaderOf } from '../../server/audit/ledger-row'
import { readableEvent } from '../../server/audit/visibility'
import { createSession } from '../../server/auth/session'
import { createUser, setRoles, setUserStatus } from '../../server/domain/users'
import { LEDGER_ACTIONS } from '../../shared/ledger-actions'
import { GENESIS_HASH, type LedgerEvent, verifyChain } from '../../shared/ledger-hash'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'

function toEvent(row: LedgerEventRow, options: { redact?: boolean } = {}): LedgerEvent {
  return options.redact ? eventHeaderOf(row) : readableEvent(eventHeaderOf(row), row)
}

async function readLedger(db: Db): Promise<LedgerEventRow[]> {
  return db.selectFrom('ledger_events').selectAll().orderBy('seq').execute()
}

async function verifyDatabase(db: Db) {
  return verifyChain((await readLedger(db)).map((row) => toEvent(row)))
}

describe.each(DATABASE_KINDS)('the audit ledger (%s)', (kind) => {
  let world: DemoWorld
  let adminId: string
  beforeAll(async () => {
    world = await demoWorld(kind)
    const admin = await world.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'admin@honda.example')
      .executeTakeFirstOrThrow()
    adminId = admin.id
  })
  afterAll(() => world.destroy())

  const actor = () => ({ userId: adminId, partyCode: 'HONDA' })

  async function userId(email: string): Promise<string> {
    const row = await world.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    return row.id
  }

  it('holds one linked chain from the first event of the demo seed', async () => {
    const rows = await readLedger(world.db)
    expect(rows.length).toBeGreaterThan(40)
    expect(rows[0]?.seq).toBe(1)
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH)
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1))
    const result = await verifyDatabase(world.db)
    expect(result).toEqual({
      ok: true,
      count: rows.length,
      headSeq: rows.length,
      headHash: rows.at(-1)?.hash,
    })
    // Every recorded action is one of the known, dotted past-tense names.
    for (const row of rows) expect(LEDGER_ACTIONS).toContain(row.action)
    const actions = new Set(rows.map((r) => r.action))
    for (const action of [
      'party.created',
      'partnership.created',
      'charter.item_added',
      'workstream.created',
      'user.created',
      'membership.roles_set',
    ]) {
      expect(actions).toContain(action)
    }
  })

  it('stores each payload as RFC 8785 text whose hash is the payload hash', async () => {
    const rows = await readLedger(world.db)
    for (const row of rows.slice(0, 10)) {
      const payload = JSON.parse(row.payload) as { before: unknown; after: unknown }
      expect(Object.keys(payload)).toEqual(['after', 'before'])
    }
    expect((await verifyDatabase(world.db)).ok).toBe(true)
  })

  it('verifies a view with every payload withheld', async () => {
    const rows = await readLedger(world.db)
    const redacted = rows.map((row) => toEvent(row, { redact: true }))
    expect(redacted.every((e) => e.payload === undefined)).toBe(true)
    expect((await verifyChain(redacted)).ok).toBe(true)
  })

  it('keeps the chain linked through mutations made by the API', async () => {
    const admin = await world.as('admin@honda.example')
    await admin.admin.createUser({
      email: 'chain.check@honda.example',
      name: 'Chain Check',
      password: 'long enough password',
      partyCode: 'HONDA',
    })
    await admin.admin.disableUser({ userId: await userId('chain.check@honda.example') })
    const result = await verifyDatabase(world.db)
    expect(result.ok).toBe(true)
    const rows = await readLedger(world.db)
    expect(rows.slice(-2).map((r) => r.action)).toEqual(['user.created', 'user.disabled'])
  })

  describe('atomicity: a mutation and its event commit together or not at all', () => {
    it('leaves neither the user nor user.created when a later step fails', async () => {
      const before = await readLedger(world.db)
      const failure = writeTransaction(world.db, async (trx) => {
        await createUser(trx, actor(), {
          email: 'half.done@honda.example',
          name: 'Half Done',
          password: 'long enough password',
          partyCode: 'HONDA',
        })
        // The event is in the transaction by now.
        const inside = await trx
          .selectFrom('ledger_events')
          .select('action')
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow()
        expect(inside.action).toBe('user.created')
        throw new Error('a later step failed')
      })
      await expect(failure).rejects.toThrow('a later step failed')
      const user = await world.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'half.done@honda.example')
        .executeTakeFirst()
      expect(user).toBeUndefined()
      expect(await readLedger(world.db)).toEqual(before)
    })

    it('undoes an earlier mutation and its event when a later one breaks a foreign key', async () => {
      const target = await userId('member@nissan.example')
      await createSession(
        world.db,
        target,
        { idleMs: 60_000, absoluteMs: 60_000 },
        { ip: null, userAgent: null },
      )
      const before = await readLedger(world.db)
      const failure = writeTransaction(world.db, async (trx) => {
        // Disabling appends user.disabled and ends the sessions...
        await setUserStatus(trx, actor(), target, 'disabled')
        // ...then roles in a partnership that does not exist break a foreign key.
        await setRoles(trx, actor(), {
          userId: target,
          partnershipId: randomUUID(),
          roles: ['auditor'],
        })
      })
      await expect(failure).rejects.toThrow()
      const user = await world.db
        .selectFrom('users')
        .select(['status', 'disabled_at'])
        .where('id', '=', target)
        .executeTakeFirstOrThrow()
      expect(user).toEqual({ status: 'active', disabled_at: null })
      const sessions = await world.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', target)
        .execute()
      expect(sessions.length).toBeGreaterThan(0)
      expect(await readLedger(world.db)).toEqual(before)
      expect((await verifyDatabase(world.db)).ok).toBe(true)
    })

    it('appends the next event right after the last committed one, leaving no hole', async () => {
      const before = await readLedger(world.db)
      await writeTransaction(world.db, (trx) =>
        appendRawEvent(trx, actor(), {
          partnershipId: world.partnershipId,
          action: 'workstream.person_set',
          entityType: 'workstream',
          entityId: 'after-a-rollback',
        }),
      )
      const after = await readLedger(world.db)
      expect(after).toHaveLength(before.length + 1)
      expect(after.at(-1)?.seq).toBe(Number(before.at(-1)?.seq) + 1)
      expect(after.at(-1)?.prev_hash).toBe(before.at(-1)?.hash)
    })
  })

  it('keeps one linear chain when many writers append at once on one connection', async () => {
    const start = (await readLedger(world.db)).length
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        writeTransaction(world.db, (trx) =>
          appendRawEvent(trx, actor(), {
            partnershipId: world.partnershipId,
            action: 'workstream.person_set',
            entityType: 'workstream',
            entityId: `parallel-${i}`,
            after: { i },
          }),
        ),
      ),
    )
    const rows = await readLedger(world.db)
    expect(rows).toHaveLength(start + 30)
    expect((await verifyDatabase(world.db)).ok).toBe(true)
  })

  describe('the database refuses to change or remove a ledger row', () => {
    it('refuses UPDATE', async () => {
      await expect(
        world.db
          .updateTable('ledger_events')
          .set({ action: 'user.enabled' })
          .where('seq', '=', 3)
          .execute(),
      ).rejects.toThrow(/append-only/)
      await expect(
        sql`update ledger_events set payload = '{}' where seq > 0`.execute(world.db),
      ).rejects.toThrow(/append-only/)
    })

    it('refuses DELETE', async () => {
      await expect(
        world.db.deleteFrom('ledger_events').where('seq', '=', 1).execute(),
      ).rejects.toThrow(/append-only/)
      await expect(sql`delete from ledger_events`.execute(world.db)).rejects.toThrow(/append-only/)
    })

    it('refuses inside a transaction too, and the chain is untouched', async () => {
      await expect(
        writeTransaction(world.db, (trx) =>
          trx.deleteFrom('ledger_events').where('seq', '>', 10).execute(),
        ),
      ).rejects.toThrow(/append-only/)
      expect((await verifyDatabase(world.db)).ok).toBe(true)
    })
  })

  // Last: this one breaks the chain on purpose.
  it('names the changed row when someone with direct access gets past the triggers', async () => {
    if (kind === 'postgres') {
      await sql`alter table ledger_events disable trigger ledger_events_append_only`.execute(
        world.db,
      )
    } else {
      await sql`drop trigger ledger_events_no_update`.execute(world.db)
    }
    await sql`update ledger_events set payload = replace(payload, 'HONDA', 'NISSAN') where seq = 1`.execute(
      world.db,
    )
    expect(await verifyDatabase(world.db)).toMatchObject({
      ok: false,
      seq: 1,
      reason: 'payload_hash_mismatch',
    })
  })
})

// Only where PostgreSQL is configured (CI always configures it: test/helpers/db.ts).
if (DATABASE_KINDS.includes('postgres')) concurrentWriters()

function concurrentWriters() {
  describe('concurrent writers on PostgreSQL', () => {
    let world: DemoWorld
    const pools: Db[] = []
    beforeAll(async () => {
      world = await demoWorld('postgres')
      // Three separate pools stand for three server processes on the same database.
      for (let i = 0; i < 3; i++) {
        pools.push(
          connect({
            kind: 'postgres',
            url: world.url as string,
            schema: world.schema,
            poolSize: 5,
          }),
        )
      }
    })
    afterAll(async () => {
      for (const pool of pools) await pool.destroy()
      await world.destroy()
    })

    it('keeps one linear chain with no duplicate sequence number under 60 parallel writers', async () => {
      const start = (await readLedger(world.db)).length
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) =>
          writeTransaction(pools[i % 3] as Db, async (trx) => {
            // Some work of its own before the append, as a real mutation would do.
            await trx.selectFrom('users').select('id').limit(1).execute()
            return appendRawEvent(
              trx,
              { userId: null, partyCode: null },
              {
                partnershipId: world.partnershipId,
                action: 'workstream.person_set',
                entityType: 'workstream',
                entityId: `writer-${i % 3}-${i}`,
                after: { writer: i % 3, i },
              },
            )
          }),
        ),
      )
      const failed = results.filter((r) => r.status === 'rejected')
      expect(failed).toEqual([])
      const seqs = results.map((r) => (r as PromiseFulfilledResult<number>).value)
      expect(new Set(seqs).size).toBe(60)

      const rows = await readLedger(world.db)
      expect(rows).toHaveLength(start + 60)
      expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1))
      expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length)
      expect(await verifyDatabase(world.db)).toMatchObject({ ok: true, count: start + 60 })
    })
  })
}
