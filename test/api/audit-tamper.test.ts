/**
 * Tamper detection by all three verifiers: the server's audit.verify, the offline bundle verify
 * (the real CLI process for the named cases), and the shared code fed page by page through
 * audit.events the way a browser does. Each tampering runs inside a transaction that is rolled
 * back, so one world serves hundreds of them.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Trx } from '../../db/connect'
import type { Context } from '../../server/trpc'
import type { AuditReport, Checkpoint } from '../../shared/audit-verify'
import { isOpaque } from '../../shared/ledger-hash'
import { callerFor, contextFor, type DemoWorld, demoWorld } from '../helpers/api'
import {
  addPrivateEvents,
  browserVerify,
  bundleText,
  bundleVerify,
  callerOn,
  dropAppendOnlyTriggers,
  type LedgerFacts,
  ledgerFacts,
  opaqueViewerSeq,
  type Tampering,
  tamper,
} from '../helpers/audit'
import { DATABASE_KINDS } from '../helpers/db'

const AUDITOR = 'auditor@honda.example'
const ROOT = path.resolve(import.meta.dirname, '../..')

class Rollback extends Error {}

interface Verdicts {
  server: AuditReport
  bundle: AuditReport
  browser: AuditReport
  bundleText: string
  saved: Checkpoint[]
  expectedSeq: number
  /** The bundle's (it carries the signed tree roots, ADR 0035) and its reason, when it differs. */
  bundleSeq: number
  bundleReason: string | null
  /** The server's (it also cross-checks the stored Merkle tree). */
  serverSeq: number
  serverReason: string | null
  /** The browser-style viewer's (it gets some events opaque, ADR 0024). */
  browserSeq: number
  serverOnly: boolean
}

/** Tampers inside a transaction, asks all three verifiers, then rolls everything back. */
async function tamperAndVerify(
  world: DemoWorld,
  ctx: Context,
  facts: LedgerFacts,
  t: Tampering,
): Promise<Verdicts> {
  let verdicts: Verdicts | null = null
  await world.db
    .transaction()
    .execute(async (trx: Trx) => {
      await dropAppendOnlyTriggers(trx, world.kind)
      const expectation = await tamper(trx, t, facts)
      const { expectedSeq, saved } = expectation
      const caller = callerOn(ctx, trx)
      const server = await caller.audit.verify({
        partnershipId: world.partnershipId,
        checkpoint: saved[0] ?? null,
      })
      const text = await bundleText(trx)
      const view = await caller.audit.events({
        partnershipId: world.partnershipId,
        afterSeq: 0,
        limit: 1000,
      })
      const { checkpoints } = await caller.audit.checkpoints({ partnershipId: world.partnershipId })
      const cpSeqs = [...checkpoints, ...saved].map((c) => c.seq)
      const serverExpect = typeof expectation.server === 'object' ? expectation.server : null
      verdicts = {
        server,
        bundle: await bundleVerify(text, saved),
        browser: await browserVerify(caller, world.partnershipId, saved),
        bundleText: text,
        saved,
        expectedSeq,
        bundleSeq: expectation.bundle?.seq ?? expectedSeq,
        bundleReason: expectation.bundle?.reason ?? null,
        serverSeq: serverExpect?.seq ?? expectedSeq,
        serverReason: serverExpect?.reason ?? null,
        browserSeq: opaqueViewerSeq(
          expectedSeq,
          view.events.map((e) => ({
            seq: e.seq,
            ...(isOpaque(e) ? { opaque: true as const } : {}),
          })),
          cpSeqs,
        ),
        serverOnly: expectation.serverOnly ?? false,
      }
      throw new Rollback()
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error
    })
  if (!verdicts) throw new Error('the tampering did not run')
  return verdicts
}

function brokenAt(report: AuditReport): number | 'intact' {
  return report.ok ? 'intact' : report.seq
}

/** What each verifier must say: [server, bundle, browser]. */
function expectedVerdicts(v: Verdicts): (number | 'intact')[] {
  return v.serverOnly ? [v.serverSeq, 'intact', 'intact'] : [v.serverSeq, v.bundleSeq, v.browserSeq]
}

describe.each(DATABASE_KINDS)('tamper detection (%s)', (kind) => {
  let world: DemoWorld
  let facts: LedgerFacts
  let dir: string
  let auditorCtx: Context

  beforeAll(async () => {
    world = await demoWorld(kind)
    dir = mkdtempSync(path.join(tmpdir(), 'concord-tamper-'))
    auditorCtx = await contextFor(world.db, AUDITOR)
    const auditor = callerFor(auditorCtx)
    // Checkpoints on request are a partnership lead's (auditors change nothing).
    const lead = await world.as('lead@honda.example')
    await lead.audit.createCheckpoint({ partnershipId: world.partnershipId })
    await addPrivateEvents(world)
    await lead.audit.createCheckpoint({ partnershipId: world.partnershipId })
    facts = await ledgerFacts(world.db, auditor, world.partnershipId)
  })
  afterAll(async () => {
    await world.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the untouched ledger verifies everywhere, and the database refuses edits while its triggers stand', async () => {
    const auditor = await world.as(AUDITOR)
    const server = await auditor.audit.verify({ partnershipId: world.partnershipId })
    expect(server).toMatchObject({ ok: true, headSeq: facts.head })
    expect(await bundleVerify(await bundleText(world.db))).toMatchObject({
      ok: true,
      headSeq: facts.head,
    })
    expect(await browserVerify(auditor, world.partnershipId)).toMatchObject({
      ok: true,
      headSeq: facts.head,
    })
    await expect(
      sql`update ledger_events set actor_id = null where seq = 3`.execute(world.db),
    ).rejects.toThrow(/append-only/)
    await expect(sql`delete from ledger_events where seq = 3`.execute(world.db)).rejects.toThrow(
      /append-only/,
    )
    await expect(
      sql`update ledger_checkpoints set signature = 'x' where number = 1`.execute(world.db),
    ).rejects.toThrow(/append-only/)
  })

  const mid = () => Math.floor(facts.head / 2)
  /** The first event from `seq` on that the auditor can read. */
  const readableFrom = (seq: number) => {
    let s = seq
    while (!facts.visibleToViewer.has(s)) s++
    return s
  }
  const named: [string, () => Tampering, string][] = [
    [
      'one byte of a payload',
      () => ({ kind: 'payload_byte', seq: 5, position: 12, replacement: 'X' }),
      'payload_hash_mismatch',
    ],
    ['the actor', () => ({ kind: 'actor', seq: mid() }), 'hash_mismatch'],
    ['a deleted event', () => ({ kind: 'delete', seq: mid() }), 'gap'],
    [
      'a forged event slipped in',
      // before an event the auditor can read, so that every verifier meets the break there (the
      // demo's first events include each party's calendar, private to it)
      () => ({ kind: 'forge', after: readableFrom(11) - 1 }),
      'prev_hash_mismatch',
    ],
    ['two events swapped', () => ({ kind: 'swap', a: 7, b: 20 }), 'prev_hash_mismatch'],
    [
      'the tail cut off after a saved checkpoint (checkpoint rows removed too)',
      () => ({ kind: 'truncate', keep: facts.head - 5, dropCheckpoints: true }),
      'checkpoint_not_on_chain',
    ],
    ['a checkpoint signature replaced', () => ({ kind: 'signature', number: 2 }), 'bad_signature'],
    [
      'history rewritten with every hash recomputed',
      () => ({ kind: 'rewrite', seq: mid() }),
      'checkpoint_not_on_chain',
    ],
    [
      'the newest checkpoint deleted from the database',
      () => ({ kind: 'drop_latest_checkpoint' }),
      'checkpoint_missing',
    ],
    ["a visible event's salt replaced", () => ({ kind: 'salt', seq: 5 }), 'payload_hash_mismatch'],
    [
      'an entry downgraded to version 1',
      () => ({ kind: 'entry_version', seq: mid() }),
      'hash_mismatch',
    ],
  ]

  it('a stored Merkle leaf replaced: the server, which holds the tree, names it', async () => {
    const v = await tamperAndVerify(world, auditorCtx, facts, { kind: 'tree_leaf', seq: mid() })
    expect(v.server).toMatchObject({ ok: false, seq: mid(), reason: 'tree_mismatch' })
    // The bundle and the browser recompute the leaves themselves: nothing of theirs changed.
    expect(v.bundle).toMatchObject({ ok: true })
    expect(v.browser).toMatchObject({ ok: true })
  })

  it('a payload stored re-serialized (other key order, spaces) is the same payload everywhere', async () => {
    let verdicts: AuditReport[] = []
    await world.db
      .transaction()
      .execute(async (trx: Trx) => {
        await dropAppendOnlyTriggers(trx, world.kind)
        const row = await trx
          .selectFrom('ledger_events')
          .select(['seq', 'payload'])
          .where('seq', '=', 5)
          .executeTakeFirstOrThrow()
        const value = JSON.parse(row.payload) as { before: unknown; after: unknown }
        const reserialized = JSON.stringify({ before: value.before, after: value.after }, null, 2)
        expect(reserialized).not.toBe(row.payload)
        await trx
          .updateTable('ledger_events')
          .set({ payload: reserialized })
          .where('seq', '=', 5)
          .execute()
        const caller = callerOn(auditorCtx, trx)
        verdicts = [
          await caller.audit.verify({ partnershipId: world.partnershipId }),
          await bundleVerify(await bundleText(trx)),
          await browserVerify(caller, world.partnershipId),
        ]
        throw new Rollback()
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error
      })
    expect(verdicts.map((r) => r.ok)).toEqual([true, true, true])
  })

  it('export refuses a ledger that does not verify, naming the rule', async () => {
    await world.db
      .transaction()
      .execute(async (trx: Trx) => {
        await dropAppendOnlyTriggers(trx, world.kind)
        await tamper(trx, { kind: 'actor', seq: mid() }, facts)
        const caller = callerOn(auditorCtx, trx)
        for (const call of [
          () => caller.audit.bundle({ partnershipId: world.partnershipId }),
          () => caller.audit.export({ partnershipId: world.partnershipId, format: 'jsonl' }),
        ]) {
          const error = await call().then(
            () => null,
            (e: unknown) => e as { code?: string; cause?: { rule?: unknown } },
          )
          expect(error?.code).toBe('CONFLICT')
          expect(error?.cause?.rule).toEqual({
            name: 'ledgerBroken',
            params: { seq: mid(), reason: 'hash_mismatch' },
          })
        }
        throw new Rollback()
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error
      })
  })

  it.each(named)(
    'detects %s: server, CLI bundle verify and browser name the same sequence',
    async (_name, make, reason) => {
      const v = await tamperAndVerify(world, auditorCtx, facts, make())
      expect(v.browser).toMatchObject({ ok: false, seq: v.expectedSeq, reason })
      expect(v.bundle).toMatchObject({
        ok: false,
        seq: v.bundleSeq,
        reason: v.bundleReason ?? reason,
      })
      expect(v.server).toMatchObject({
        ok: false,
        seq: v.serverSeq,
        reason: v.serverReason ?? reason,
      })
      // The real command line, on the bundle exported from the tampered database.
      const bundleFile = path.join(dir, `bundle-${Math.random().toString(36).slice(2)}.jsonl`)
      writeFileSync(bundleFile, v.bundleText)
      const args = ['tsx', 'server/cli.ts', 'audit', 'verify', '--bundle', bundleFile]
      for (const [i, cp] of v.saved.entries()) {
        const cpFile = path.join(dir, `cp-${i}.json`)
        writeFileSync(cpFile, JSON.stringify(cp))
        args.push('--checkpoint', cpFile)
      }
      const cli = spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8' })
      expect(cli.status, cli.stderr).toBe(1)
      expect(cli.stdout).toContain(
        `Broken at sequence ${v.bundleSeq} (${(v.bundleReason ?? reason).replaceAll('_', ' ')})`,
      )
    },
  )

  it('truncation with the checkpoint rows left in place is caught without a saved copy', async () => {
    const v = await tamperAndVerify(world, auditorCtx, facts, {
      kind: 'truncate',
      keep: facts.head - 3,
      dropCheckpoints: false,
    })
    for (const report of [v.server, v.bundle, v.browser])
      expect(report).toMatchObject({
        ok: false,
        seq: facts.head - 2,
        reason: 'checkpoint_not_on_chain',
      })
  })

  const runs = kind === 'sqlite' ? 400 : 300
  it(`catches every one of ${runs} random tamperings, naming the first bad sequence`, async () => {
    const head = facts.head
    const visible = [...facts.visibleToViewer]
    const seqIn = (lo: number, hi: number) => fc.integer({ min: lo, max: hi })
    const tampering: fc.Arbitrary<Tampering> = fc.oneof(
      fc.record({
        kind: fc.constant('payload_byte' as const),
        seq: fc.constantFrom(...visible),
        position: fc.nat(),
        replacement: fc.constantFrom('X', '0', '"', '}', ' ', 'é', '\\'),
      }),
      fc.record({ kind: fc.constant('actor' as const), seq: seqIn(1, head) }),
      fc.record({
        kind: fc.constant('field' as const),
        seq: seqIn(1, head),
        field: fc.constantFrom(
          'ts' as const,
          'action' as const,
          'entity_id' as const,
          'visibility' as const,
        ),
      }),
      fc.record({ kind: fc.constant('delete' as const), seq: seqIn(1, head) }),
      fc.record({ kind: fc.constant('forge' as const), after: seqIn(1, head - 1) }),
      fc
        .tuple(seqIn(1, head), seqIn(1, head))
        .filter(([a, b]) => a !== b)
        .map(([a, b]) => ({ kind: 'swap' as const, a, b })),
      fc.record({
        kind: fc.constant('truncate' as const),
        keep: seqIn(1, head - 1),
        dropCheckpoints: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('signature' as const), number: fc.constantFrom(1, 2) }),
      fc.record({ kind: fc.constant('rewrite' as const), seq: seqIn(2, head) }),
      fc.constant({ kind: 'drop_latest_checkpoint' as const }),
      fc.record({ kind: fc.constant('tree_leaf' as const), seq: seqIn(1, head) }),
      // Salts and versions of events the viewer reads (an opaque one's salt is not in its leaf).
      fc.record({ kind: fc.constant('salt' as const), seq: fc.constantFrom(...visible) }),
      fc.record({ kind: fc.constant('entry_version' as const), seq: fc.constantFrom(...visible) }),
    )
    let tried = 0
    const missed: string[] = []
    await fc.assert(
      fc.asyncProperty(tampering, async (t) => {
        tried += 1
        const v = await tamperAndVerify(world, auditorCtx, facts, t)
        const got = [brokenAt(v.server), brokenAt(v.bundle), brokenAt(v.browser)]
        const want = expectedVerdicts(v)
        const same = got.every((seq, i) => seq === want[i])
        if (!same)
          missed.push(`${JSON.stringify(t)} → expected ${want.join('/')}, got ${got.join('/')}`)
        return same
      }),
      { numRuns: runs, seed: 20261127 },
    )
    expect(missed).toEqual([])
    expect(tried).toBe(runs)
  }, 240_000)
})
