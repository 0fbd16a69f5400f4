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
      const { expectedSeq, saved } = await tamper(trx, t, facts)
      const caller = callerOn(ctx, trx)
      const server = await caller.audit.verify({
        partnershipId: world.partnershipId,
        checkpoint: saved[0] ?? null,
      })
      const text = await bundleText(trx)
      verdicts = {
        server,
        bundle: await bundleVerify(text, saved),
        browser: await browserVerify(caller, world.partnershipId, saved),
        bundleText: text,
        saved,
        expectedSeq,
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
  const named: [string, () => Tampering, string][] = [
    [
      'one byte of a payload',
      () => ({ kind: 'payload_byte', seq: 5, position: 12, replacement: 'X' }),
      'payload_hash_mismatch',
    ],
    ['the actor', () => ({ kind: 'actor', seq: mid() }), 'hash_mismatch'],
    ['a deleted event', () => ({ kind: 'delete', seq: mid() }), 'gap'],
    ['a forged event slipped in', () => ({ kind: 'forge', after: 10 }), 'prev_hash_mismatch'],
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
  ]

  it.each(named)(
    'detects %s: server, CLI bundle verify and browser name the same sequence',
    async (_name, make, reason) => {
      const v = await tamperAndVerify(world, auditorCtx, facts, make())
      for (const report of [v.server, v.bundle, v.browser]) {
        expect(report).toMatchObject({ ok: false, seq: v.expectedSeq, reason })
      }
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
        `Broken at sequence ${v.expectedSeq} (${reason.replaceAll('_', ' ')})`,
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
    )
    let tried = 0
    const missed: string[] = []
    await fc.assert(
      fc.asyncProperty(tampering, async (t) => {
        tried += 1
        const v = await tamperAndVerify(world, auditorCtx, facts, t)
        const got = [brokenAt(v.server), brokenAt(v.bundle), brokenAt(v.browser)]
        if (got.some((seq) => seq !== v.expectedSeq))
          missed.push(`${JSON.stringify(t)} → expected ${v.expectedSeq}, got ${got.join('/')}`)
        return got.every((seq) => seq === v.expectedSeq)
      }),
      { numRuns: runs, seed: 20261127 },
    )
    expect(missed).toEqual([])
    expect(tried).toBe(runs)
  }, 240_000)
})
