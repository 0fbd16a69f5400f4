/**
 * The guessing attack of issue 12, as a test (ADR 0024). Before salted commitments, a Nissan
 * member recovered the reviewers of a Honda draft in 6 guesses: the redacted event kept its
 * header and the unsalted SHA-256 of its payload, so hashing each candidate payload and comparing
 * was enough. Now a Nissan member's (and auditor's) reads, exports and bundles hold nothing of the
 * draft's events but opaque leaves: no actor, action, entity or time, and no digest any candidate
 * matches. A ledger written before the change (v1 entries) still verifies, mixed with new ones.
 */
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/connect'
import { makeCheckpoint } from '../../server/audit/checkpoints'
import { signingKey } from '../../server/audit/keys'
import { SYSTEM_ACTOR } from '../../server/audit/ledger'
import { eventHeaderOf } from '../../server/audit/ledger-row'
import { appendLeaf } from '../../server/audit/tree'
import { verifyLedger } from '../../server/audit/verify'
import { viewerOf } from '../../server/audit/visibility'
import { loadSessionUser } from '../../server/domain/users'
import { canonicalize } from '../../shared/canonical-json'
import { isOpaque, payloadCommitment } from '../../shared/ledger-hash'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import {
  browserVerify,
  bundleText,
  bundleVerify,
  dropAppendOnlyTriggers,
  rewriteAsV1,
} from '../helpers/audit'
import { DATABASE_KINDS } from '../helpers/db'
import { type DemoIndex, demoIndex, fileProposal, withCachedCallers } from '../helpers/workflow'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

async function viewerFor(world: DemoWorld, email: string) {
  const row = await world.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  const user = await loadSessionUser(world.db, row.id)
  if (!user) throw new Error(`no user ${email}`)
  return viewerOf(user)
}

/** Every audit read Nissan's people can make (members: timeline and events; overseers: all). */
async function nissanTexts(world: DemoWorld, draftId: string): Promise<string[]> {
  const pid = world.partnershipId
  const texts: string[] = []
  for (const email of ['member@nissan.example', 'lead@nissan.example', 'auditor@nissan.example']) {
    const caller = await world.as(email)
    texts.push(
      JSON.stringify(
        await caller.audit
          .timeline({ partnershipId: pid, entityType: 'proposal', entityId: draftId })
          .catch((e: unknown) => String(e)),
      ),
    )
    texts.push(
      JSON.stringify(await caller.audit.events({ partnershipId: pid, afterSeq: 0, limit: 1000 })),
    )
    texts.push(await bundleText(world.db, await viewerFor(world, email)))
    if (email === 'member@nissan.example') continue
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof caller.audit.list>> = await caller.audit.list({
        partnershipId: pid,
        limit: 100,
        cursor,
      })
      texts.push(JSON.stringify(page))
      cursor = page.nextCursor
    } while (cursor)
    texts.push((await caller.audit.bundle({ partnershipId: pid })).text)
    for (const format of ['jsonl', 'csv'] as const)
      texts.push((await caller.audit.export({ partnershipId: pid, format })).text)
  }
  return texts
}

describe.each(DATABASE_KINDS)('ledger privacy: salted commitments, opaque entries (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let draftId: string
  /** Six plausible reviewer pairs a Nissan member could guess; the true one is the third. */
  let candidates: string[][]

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    const people = [
      'battery.lead@honda.example',
      'battery.lead@nissan.example',
      'lead@honda.example',
      'member@nissan.example',
    ].map(ix.user)
    const [a, b, c, d] = people as [string, string, string, string]
    candidates = [
      [a, c],
      [a, d],
      [a, b],
      [b, c],
      [b, d],
      [c, d],
    ].map((pair) => [...pair].sort())
    const draft = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Honda only: LFP cell walk-away price',
      reviewers: ['battery.lead@honda.example', 'battery.lead@nissan.example'],
    })
    draftId = draft.id
    // A failed sign-in of a Honda account: its address is Honda's business only.
    await world
      .anonymous()
      .auth.login({ email: 'member@honda.example', password: 'not-the-password' })
      .catch(() => null)
  })
  afterAll(() => world?.destroy())

  it("the draft's reviewer choice is committed salted: the unsalted digest of the truth is not its hash", async () => {
    const row = await world.db
      .selectFrom('ledger_events')
      .selectAll()
      .where('entity_id', '=', draftId)
      .where('action', '=', 'proposal.reviewers_assigned')
      .executeTakeFirstOrThrow()
    expect(row.visibility).toBe('party:HONDA')
    expect(Number(row.entry_version)).toBe(2)
    expect(row.payload_salt).toMatch(/^[0-9a-f]{32}$/)
    const truth = { before: { reviewers: [] }, after: { reviewers: candidates[2] } }
    expect(canonicalize(JSON.parse(row.payload))).toBe(canonicalize(truth))
    expect(row.payload_hash).not.toBe(sha256(canonicalize(truth)))
    expect(row.payload_hash).toBe(payloadCommitment(truth, row.payload_salt ?? undefined))
  })

  it("a Nissan member's reads, exports and bundles hold no header and no guessable digest of the draft", async () => {
    const texts = await nissanTexts(world, draftId)
    const all = texts.join('\n')
    const draftRows = await world.db
      .selectFrom('ledger_events')
      .selectAll()
      .where('entity_id', '=', draftId)
      .orderBy('seq')
      .execute()
    expect(draftRows.length).toBeGreaterThan(1)
    // The attack: hash each of the 6 candidate payloads (and the bare lists) and look for it.
    let matched = 0
    for (const reviewers of candidates) {
      for (const guess of [
        { before: { reviewers: [] }, after: { reviewers } },
        { before: null, after: { reviewers } },
        { reviewers },
        reviewers,
      ]) {
        if (all.includes(sha256(canonicalize(guess)))) matched += 1
      }
    }
    expect(matched).toBe(0)
    // Nor anything else of the draft's events: entity, stored hashes, payload hashes, times.
    expect(all).not.toContain(draftId)
    // What they do get of each: its position, its tree and its leaf hash.
    const events = await (await world.as('member@nissan.example')).audit.events({
      partnershipId: world.partnershipId,
      afterSeq: 0,
      limit: 1000,
    })
    // (A time shared to the millisecond with an event Nissan may read says nothing of the draft.)
    const readableTimes = new Set(events.events.flatMap((e) => (isOpaque(e) ? [] : [e.ts])))
    for (const row of draftRows) {
      expect(all).not.toContain(row.payload_hash)
      expect(all).not.toContain(row.hash)
      if (!readableTimes.has(row.ts)) expect(all).not.toContain(row.ts)
    }
    for (const row of draftRows) {
      const seen = events.events.find((e) => e.seq === Number(row.seq))
      expect(seen && isOpaque(seen)).toBe(true)
      expect(Object.keys(seen ?? {}).sort()).toEqual(['leafHash', 'log', 'opaque', 'seq', 'v'])
    }
    // The failed sign-in's address does not reach Nissan either.
    expect(all).not.toContain('127.0.0.1')
    // And everything they got still verifies.
    for (const email of ['member@nissan.example', 'auditor@nissan.example']) {
      const caller = await world.as(email)
      expect(await browserVerify(caller, world.partnershipId)).toMatchObject({ ok: true })
      const bundle = await bundleText(world.db, await viewerFor(world, email))
      expect(bundle).toContain('"type":"opaque"')
      expect(await bundleVerify(bundle)).toMatchObject({ ok: true })
    }
  })

  it('a ledger written before salted commitments (v1 entries) still verifies, with v2 entries after it', async () => {
    const key = signingKey(testConfig())
    // Turn the seeded history into v1 entries, as a ledger written before migration 0015, and
    // rebuild its trees from them (what migration 0013 did for such a ledger).
    await dropAppendOnlyTriggers(world.db, world.kind)
    const checkpoints = await sql<{
      n: number
    }>`select count(*) as n from ledger_checkpoints`.execute(world.db)
    expect(Number(checkpoints.rows[0]?.n)).toBe(0)
    await sql`delete from ledger_tree_hashes`.execute(world.db)
    await rewriteAsV1(world.db)
    const v1Rows = await world.db.selectFrom('ledger_events').selectAll().orderBy('seq').execute()
    await writeTransaction(world.db, async (trx) => {
      for (const row of v1Rows) await appendLeaf(trx, eventHeaderOf(row))
    })
    // New events after it are v2, and a checkpoint covers both kinds.
    const honda = await world.as('member@honda.example')
    await honda.comment.add({
      proposalId: draftId,
      body: 'Honda-only note',
      visibility: 'internal',
    })
    await makeCheckpoint(world.db, key, SYSTEM_ACTOR, { reason: 'request' })
    const versions = await world.db
      .selectFrom('ledger_events')
      .select(['entry_version'])
      .orderBy('seq')
      .execute()
    expect(new Set(versions.map((v) => Number(v.entry_version)))).toEqual(new Set([1, 2]))
    expect(await verifyLedger(world.db, { publicKey: key.publicKey, full: true })).toMatchObject({
      ok: true,
    })
    expect(await bundleVerify(await bundleText(world.db))).toMatchObject({ ok: true })
    for (const email of ['member@nissan.example', 'auditor@external-audit.example']) {
      const bundle = await bundleText(world.db, await viewerFor(world, email))
      // Opaque v1 entries state their chain hash (it cannot be derived from the leaf).
      expect(bundle).toMatch(
        /"type":"opaque","seq":\d+,"log":"[^"]+","leafHash":"[0-9a-f]{64}","hash":"[0-9a-f]{64}"/,
      )
      expect(await bundleVerify(bundle)).toMatchObject({ ok: true })
      expect(await browserVerify(await world.as(email), world.partnershipId)).toMatchObject({
        ok: true,
      })
    }
  })
})
