/**
 * The ledger's Merkle trees on a real database (docs/ledger-spec.md §2–§7): maintained by every
 * append, backfilled for a ledger written before them, proved through the API, and checkpointed
 * as C2SP signed notes a standard verifier opens. Every check recomputes with the shared code
 * (shared/merkle.ts, pure-JS SHA-256), never with the server's.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Db, writeTransaction } from '../../db/connect'
import * as merkleMigration from '../../db/migrations/0013_merkle'
import { makeCheckpoint } from '../../server/audit/checkpoints'
import { signingKey } from '../../server/audit/keys'
import { appendRawEvent, SYSTEM_ACTOR } from '../../server/audit/ledger'
import { eventHeaderOf } from '../../server/audit/ledger-row'
import { rootAt } from '../../server/audit/tree'
import { eventEntry, logOfEvent } from '../../shared/ledger-hash'
import {
  defaultHasher,
  type Hash,
  rootFromLeafHashes,
  storedHashCount,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '../../shared/merkle'
import {
  base64Decode,
  base64Encode,
  parseVerifierKey,
  verifyCheckpoint,
} from '../../shared/signed-note'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { dropAppendOnlyTriggers, rewriteAsV1 } from '../helpers/audit'
import { DATABASE_KINDS } from '../helpers/db'

const b = (text: string): Hash => {
  const bytes = base64Decode(text)
  if (!bytes) throw new Error(`not base64: ${text}`)
  return bytes
}

/** A copy of the proof with one bit pattern flipped in one byte of one hash. */
function flipped(proof: Hash[], which: number, byte: number, mask: number): Hash[] {
  return proof.map((h, i) => {
    const copy = h.slice()
    if (i === which) copy[byte] = (copy[byte] as number) ^ mask
    return copy
  })
}

/** Leaf hashes of every event, per tree, in sequence order: the in-memory reference. */
async function referenceLeaves(db: Db): Promise<Map<string, { seq: number; leaf: Hash }[]>> {
  const rows = await db.selectFrom('ledger_events').selectAll().orderBy('seq').execute()
  const trees = new Map<string, { seq: number; leaf: Hash }[]>()
  for (const row of rows) {
    const header = eventHeaderOf(row)
    const list = trees.get(logOfEvent(header)) ?? []
    list.push({ seq: header.seq, leaf: defaultHasher.leaf(eventEntry(header)) })
    trees.set(logOfEvent(header), list)
  }
  return trees
}

async function storedRows(db: Db) {
  const rows = await db
    .selectFrom('ledger_tree_hashes')
    .selectAll()
    .orderBy('log')
    .orderBy('level')
    .orderBy('idx')
    .execute()
  return rows.map((r) => ({
    log: r.log,
    level: Number(r.level),
    idx: Number(r.idx),
    hash: r.hash,
    seq: r.seq === null ? null : Number(r.seq),
  }))
}

describe.each(DATABASE_KINDS)('the ledger as Merkle trees (%s)', (kind) => {
  let world: DemoWorld
  const config = testConfig()
  const key = () => signingKey(config)

  beforeAll(async () => {
    world = await demoWorld(kind)
  })
  afterAll(() => world.destroy())

  async function append(count: number, partnershipId: string | null) {
    for (let i = 0; i < count; i++) {
      await writeTransaction(world.db, (trx) =>
        appendRawEvent(trx, SYSTEM_ACTOR, {
          partnershipId,
          action: 'partnership.created',
          entityType: 'partnership',
          entityId: partnershipId ?? 'none',
          after: { step: i },
        }),
      )
    }
  }

  it('keeps, after every append, the root of the same leaves computed in memory', async () => {
    const stats = { checked: 0 }
    for (let round = 0; round < 9; round++) {
      await append(round + 1, round % 3 === 2 ? null : world.partnershipId)
      const reference = await referenceLeaves(world.db)
      for (const [log, leaves] of reference) {
        const root = await rootAt(world.db, log, leaves.length)
        expect(base64Encode(root)).toBe(base64Encode(rootFromLeafHashes(leaves.map((l) => l.leaf))))
        stats.checked += 1
      }
    }
    // Exactly the complete subtrees are stored: 2n − popcount(n) per tree, and nothing else.
    const rows = await storedRows(world.db)
    const reference = await referenceLeaves(world.db)
    for (const [log, leaves] of reference) {
      expect(rows.filter((r) => r.log === log).length).toBe(storedHashCount(leaves.length))
      const leafRows = rows.filter((r) => r.log === log && r.level === 0)
      expect(leafRows.map((r) => r.seq)).toEqual(leaves.map((l) => l.seq))
      expect(leafRows.map((r) => r.hash)).toEqual(leaves.map((l) => toHex(l.leaf)))
    }
    expect(stats.checked).toBeGreaterThanOrEqual(18)
  })

  it('signs C2SP checkpoints a standard verifier opens, under an origin naming deployment and partnership', async () => {
    await makeCheckpoint(world.db, key(), SYSTEM_ACTOR, { reason: 'request' })
    const caller = await world.as('member@nissan.example')
    const { checkpoint } = await caller.audit.treeCheckpoint({ partnershipId: world.partnershipId })
    if (!checkpoint) throw new Error('no checkpoint')
    expect(checkpoint.origin).toBe(`concord.localhost/p/${world.partnershipId}`)
    const logKey = parseVerifierKey(checkpoint.vkey)
    expect(logKey.name).toBe(checkpoint.origin)
    const verified = await verifyCheckpoint(checkpoint.note, logKey, [], checkpoint.origin)
    const leaves = (await referenceLeaves(world.db)).get(world.partnershipId) ?? []
    expect(verified.checkpoint.size).toBe(leaves.length)
    expect(base64Encode(verified.checkpoint.rootHash)).toBe(
      base64Encode(rootFromLeafHashes(leaves.map((l) => l.leaf))),
    )
    // The note is exactly origin, size, root, blank line, one signature line.
    expect(checkpoint.note).toMatch(
      /^concord\.localhost\/p\/[0-9a-f-]{36}\n\d+\n[A-Za-z0-9+/]{43}=\n\n\u2014 concord\.localhost\/p\/[0-9a-f-]{36} [A-Za-z0-9+/]+=*\n$/,
    )
    // Another origin (a staging copy) does not pass, nor does another key.
    await expect(
      verifyCheckpoint(checkpoint.note, logKey, [], `staging.example/p/${world.partnershipId}`),
    ).rejects.toThrow(/not "staging/)
    const deployment = await caller.audit.treeCheckpoint({
      partnershipId: world.partnershipId,
      log: 'deployment',
    })
    expect(deployment.checkpoint?.origin).toBe('concord.localhost/deployment')
    await expect(
      verifyCheckpoint(checkpoint.note, parseVerifierKey(deployment.checkpoint?.vkey ?? '')),
    ).rejects.toThrow()
  })

  it('proves the inclusion of every event of the partnership against its checkpoint', async () => {
    const caller = await world.as('auditor@external-audit.example')
    const leaves = (await referenceLeaves(world.db)).get(world.partnershipId) ?? []
    for (const [i, { seq, leaf }] of leaves.entries()) {
      const p = await caller.audit.prove({ partnershipId: world.partnershipId, seq })
      expect(p.leafIndex).toBe(i)
      expect(p.leafHash).toBe(base64Encode(leaf))
      if (!p.checkpoint) throw new Error('proof without a checkpoint')
      const cp = await verifyCheckpoint(p.checkpoint, parseVerifierKey(p.logKey), [], p.origin)
      expect(cp.checkpoint.size).toBe(p.treeSize)
      expect(base64Encode(cp.checkpoint.rootHash)).toBe(p.rootHash)
      const proof = p.proof.map(b)
      expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(p.treeSize)))
      expect(verifyInclusion(p.treeSize, i, leaf, proof, cp.checkpoint.rootHash)).toBe(true)
    }
  })

  it('refuses a tampered inclusion proof, a wrong index, size or leaf', async () => {
    const caller = await world.as('lead@honda.example')
    const leaves = (await referenceLeaves(world.db)).get(world.partnershipId) ?? []
    const target = leaves[Math.floor(leaves.length / 3)]
    if (!target) throw new Error('no event')
    const p = await caller.audit.prove({ partnershipId: world.partnershipId, seq: target.seq })
    const root = b(p.rootHash)
    const proof = p.proof.map(b)
    expect(verifyInclusion(p.treeSize, p.leafIndex, target.leaf, proof, root)).toBe(true)
    for (let i = 0; i < proof.length; i++) {
      const bad = flipped(proof, i, i % 32, 1)
      expect(verifyInclusion(p.treeSize, p.leafIndex, target.leaf, bad, root)).toBe(false)
    }
    expect(verifyInclusion(p.treeSize, p.leafIndex, target.leaf, proof.slice(1), root)).toBe(false)
    expect(verifyInclusion(p.treeSize, p.leafIndex + 1, target.leaf, proof, root)).toBe(false)
    // (A size alone may be changed without the path noticing, RFC 9162: the size and the root
    // are taken together from one signed checkpoint, as the previous test does.)
    const other = leaves[0]?.leaf as Hash
    expect(verifyInclusion(p.treeSize, p.leafIndex, other, proof, root)).toBe(false)
    // A proof against an older size, given explicitly.
    const older = await caller.audit.prove({
      partnershipId: world.partnershipId,
      seq: target.seq,
      size: p.leafIndex + 1,
    })
    expect(older.treeSize).toBe(p.leafIndex + 1)
    expect(
      verifyInclusion(
        older.treeSize,
        older.leafIndex,
        target.leaf,
        older.proof.map(b),
        b(older.rootHash),
      ),
    ).toBe(true)
    // Sizes that cannot hold the event, and events of no tree of this partnership.
    await expect(
      caller.audit.prove({
        partnershipId: world.partnershipId,
        seq: target.seq,
        size: p.leafIndex,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(
      caller.audit.prove({ partnershipId: world.partnershipId, seq: 10_000_000 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('proves consistency between any two sizes, and a tampered proof fails', async () => {
    const caller = await world.as('auditor@nissan.example')
    const leaves = ((await referenceLeaves(world.db)).get(world.partnershipId) ?? []).map(
      (l) => l.leaf,
    )
    const n = leaves.length
    const rootOf = (size: number) => rootFromLeafHashes(leaves.slice(0, size))
    const sizes = [0, 1, 2, 3, 7, 8, Math.floor(n / 2), n - 1, n]
    for (const from of sizes) {
      for (const to of sizes) {
        if (from > to) continue
        const c = await caller.audit.consistency({ partnershipId: world.partnershipId, from, to })
        expect(base64Encode(rootOf(from))).toBe(c.fromRoot)
        expect(base64Encode(rootOf(to))).toBe(c.toRoot)
        const proof = c.proof.map(b)
        expect(verifyConsistency(from, to, rootOf(from), rootOf(to), proof)).toBe(true)
        if (proof.length > 0) {
          const bad = flipped(proof, 0, 0, 0x80)
          expect(verifyConsistency(from, to, rootOf(from), rootOf(to), bad)).toBe(false)
          expect(verifyConsistency(from, to, rootOf(from), rootOf(to), proof.slice(0, -1))).toBe(
            false,
          )
        }
        if (from > 0 && from < to)
          expect(verifyConsistency(from, to, rootOf(from - 1), rootOf(to), proof)).toBe(false)
      }
    }
    // By default, up to the newest checkpoint, whose signed note comes along.
    const latest = await caller.audit.consistency({ partnershipId: world.partnershipId, from: 3 })
    expect(latest.checkpoint).toContain(`\n${latest.to}\n${latest.toRoot}\n`)
    await expect(
      caller.audit.consistency({ partnershipId: world.partnershipId, from: 5, to: 4 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(
      caller.audit.consistency({ partnershipId: world.partnershipId, from: 1, to: n + 100 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('backfills a ledger written before the trees into the very same stored hashes', async () => {
    // A ledger as it was before migration 0013: v1 entries (migration 0015 came later), no tree
    // tables. The backfill must store exactly the tree the v1 entries make.
    await dropAppendOnlyTriggers(world.db, world.kind)
    await rewriteAsV1(world.db)
    for (const table of [
      'ledger_witnesses',
      'ledger_cosignatures',
      'ledger_tree_checkpoints',
      'ledger_tree_hashes',
    ])
      await sql`drop table ${sql.table(table)}`.execute(world.db)
    await merkleMigration.up(world.db)
    const rows = await storedRows(world.db)
    for (const [log, leaves] of await referenceLeaves(world.db)) {
      const stored = rows.filter((r) => r.log === log)
      expect(stored.length).toBe(storedHashCount(leaves.length))
      expect(stored.filter((r) => r.level === 0).map((r) => [r.seq, r.hash])).toEqual(
        leaves.map((l) => [l.seq, toHex(l.leaf)]),
      )
    }
    // And the backfilled tree verifies against the in-memory root, and keeps growing.
    await append(3, world.partnershipId)
    const leaves = (await referenceLeaves(world.db)).get(world.partnershipId) ?? []
    expect(base64Encode(await rootAt(world.db, world.partnershipId, leaves.length))).toBe(
      base64Encode(rootFromLeafHashes(leaves.map((l) => l.leaf))),
    )
  })
})
