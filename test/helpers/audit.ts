/**
 * Audit test support: a small world with private content and checkpoints, an attacker who edits
 * the database directly (after dropping the append-only triggers, as someone with file access
 * would), and the three verifiers (server, bundle, browser-style paging).
 */
import { createHash, randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Db, Executor, Trx } from '../../db/connect'
import { writeTransaction } from '../../db/connect'
import type { LedgerEventRow } from '../../db/schema'
import { signingKey } from '../../server/audit/keys'
import { appendRawEvent } from '../../server/audit/ledger'
import { eventHeaderOf, sealEvent } from '../../server/audit/ledger-row'
import { writeBundle } from '../../server/audit/query'
import { FULL_VIEW, type Viewer } from '../../server/audit/visibility'
import type { Context } from '../../server/trpc'
import { verifyBundleLines } from '../../shared/audit-bundle'
import { type AuditReport, AuditVerifier, type Checkpoint } from '../../shared/audit-verify'
import { canonicalize } from '../../shared/canonical-json'
import { eventEntryText, isOpaque } from '../../shared/ledger-hash'
import { callerFor, type DemoWorld, testConfig } from './api'
import type { DatabaseKind } from './db'

export const HONDA_SECRET = 'HONDA-INTERNAL: walk away if the cell price stays above 95 USD/kWh'
export const NISSAN_SECRET = 'NISSAN-INTERNAL: our board prefers the Tennessee plant'

/** Adds party-private events (internal comments) and a joint one, as the workflow would. */
export async function addPrivateEvents(world: DemoWorld): Promise<void> {
  const users = await world.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'in', ['member@honda.example', 'member@nissan.example'])
    .execute()
  const idOf = (email: string) => users.find((u) => u.email === email)?.id ?? null
  const proposalId = randomUUID()
  await writeTransaction(world.db, async (trx) => {
    await appendRawEvent(
      trx,
      { userId: idOf('member@honda.example'), partyCode: 'HONDA' },
      {
        partnershipId: world.partnershipId,
        action: 'comment.added',
        entityType: 'proposal',
        entityId: proposalId,
        visibility: 'party:HONDA',
        after: { body: HONDA_SECRET, visibility: 'internal' },
      },
    )
  })
  await writeTransaction(world.db, async (trx) => {
    await appendRawEvent(
      trx,
      { userId: idOf('member@nissan.example'), partyCode: 'NISSAN' },
      {
        partnershipId: world.partnershipId,
        action: 'comment.added',
        entityType: 'proposal',
        entityId: proposalId,
        visibility: 'party:NISSAN',
        after: { body: NISSAN_SECRET, visibility: 'internal' },
      },
    )
  })
  await writeTransaction(world.db, async (trx) => {
    await appendRawEvent(
      trx,
      { userId: idOf('member@honda.example'), partyCode: 'HONDA' },
      {
        partnershipId: world.partnershipId,
        action: 'comment.added',
        entityType: 'proposal',
        entityId: proposalId,
        after: { body: 'Joint note: both teams meet in Yokohama.', visibility: 'joint' },
      },
    )
  })
}

/** What an attacker with the database file does first. */
export async function dropAppendOnlyTriggers(trx: Executor, kind: DatabaseKind): Promise<void> {
  if (kind === 'postgres') {
    await sql`drop trigger ledger_events_append_only on ledger_events`.execute(trx)
    await sql`drop trigger ledger_checkpoints_append_only on ledger_checkpoints`.execute(trx)
    await sql`drop trigger ledger_tree_hashes_append_only on ledger_tree_hashes`.execute(trx)
    return
  }
  for (const name of [
    'ledger_events_no_update',
    'ledger_events_no_delete',
    'ledger_checkpoints_no_update',
    'ledger_checkpoints_no_delete',
    'ledger_tree_hashes_no_update',
    'ledger_tree_hashes_no_delete',
  ]) {
    await sql.raw(`drop trigger ${name}`).execute(trx)
  }
}

export interface LedgerFacts {
  head: number
  checkpointSeqs: number[]
  /** Sequence numbers whose payload the browser-style viewer may read. */
  visibleToViewer: Set<number>
}

export type Tampering =
  | { kind: 'payload_byte'; seq: number; position: number; replacement: string }
  | { kind: 'actor'; seq: number }
  | { kind: 'field'; seq: number; field: 'ts' | 'action' | 'entity_id' | 'visibility' }
  | { kind: 'delete'; seq: number }
  | { kind: 'forge'; after: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'truncate'; keep: number; dropCheckpoints: boolean }
  | { kind: 'signature'; number: number }
  | { kind: 'rewrite'; seq: number }
  /** Deletes the newest checkpoint row (the chain still records its `checkpoint.made`). */
  | { kind: 'drop_latest_checkpoint' }
  /** Replaces a stored Merkle leaf hash (only the server, which holds the tree, can tell). */
  | { kind: 'tree_leaf'; seq: number }
  /** Replaces a v2 event's stored salt. */
  | { kind: 'salt'; seq: number }
  /** Marks a v2 event as v1 (a forged entry version). */
  | { kind: 'entry_version'; seq: number }

/** What each verifier must say, when the server (holding the tree) says more than the bundle. */
export interface TamperExpectation {
  expectedSeq: number
  saved: Checkpoint[]
  /** The server's verdict when it differs from the bundle's (it also cross-checks the tree). */
  server?: { seq: number; reason: string } | 'same'
  /** Only the server can tell (the bundle and the browser see no stored tree). */
  serverOnly?: boolean
  /**
   * The bundle's verdict when it differs from the browser's: a version 3 bundle carries the signed
   * tree roots, which name a rewritten leaf as soon as a signed tree covers it (ADR 0035).
   */
  bundle?: { seq: number; reason: string }
}

/**
 * The first sequence at which a signed tree root stops matching when every leaf from `from` on
 * changes: per tree, the last leaf of its smallest signed checkpoint that covers such a leaf.
 */
async function firstSignedTreeCovering(trx: Trx, from: number): Promise<number | null> {
  const leaves = await trx
    .selectFrom('ledger_tree_hashes')
    .select(['log', 'idx', 'seq'])
    .where('level', '=', 0)
    .orderBy('log')
    .orderBy('idx')
    .execute()
  const sizes = await trx.selectFrom('ledger_tree_checkpoints').select(['log', 'size']).execute()
  let first: number | null = null
  for (const { log, size } of sizes) {
    const last = leaves.find((l) => l.log === log && Number(l.idx) === Number(size) - 1)
    const seq = last ? Number(last.seq) : null
    if (seq !== null && seq >= from && (first === null || seq < first)) first = seq
  }
  return first
}

type Row = LedgerEventRow

async function rowAt(trx: Trx, seq: number): Promise<Row> {
  return (await trx
    .selectFrom('ledger_events')
    .selectAll()
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow()) as Row
}

async function setRow(trx: Trx, seq: number, row: Omit<Row, 'seq'>): Promise<void> {
  await trx.updateTable('ledger_events').set(row).where('seq', '=', seq).execute()
}

/**
 * Applies one tampering (triggers already dropped) and returns the sequence number every
 * verifier must name, plus a saved checkpoint when only one a party kept can reveal it.
 */
export async function tamper(
  trx: Trx,
  t: Tampering,
  facts: LedgerFacts,
): Promise<TamperExpectation> {
  const checkpointAtOrAfter = (seq: number) =>
    Math.min(...facts.checkpointSeqs.filter((c) => c >= seq))
  switch (t.kind) {
    case 'payload_byte': {
      const row = await rowAt(trx, t.seq)
      const chars = [...row.payload]
      const at = t.position % chars.length
      chars[at] = t.replacement === chars[at] ? '#' : t.replacement
      // One byte that leaves the value as it was (1e+21 → 1E+21) is no tampering: take '#'.
      try {
        if (canonicalize(JSON.parse(chars.join(''))) === row.payload) chars[at] = '#'
      } catch {
        // no longer JSON: a tampering every verifier must catch
      }
      await trx
        .updateTable('ledger_events')
        .set({ payload: chars.join('') })
        .where('seq', '=', t.seq)
        .execute()
      return { expectedSeq: t.seq, saved: [] }
    }
    case 'actor': {
      await trx
        .updateTable('ledger_events')
        .set({ actor_id: randomUUID() })
        .where('seq', '=', t.seq)
        .execute()
      return { expectedSeq: t.seq, saved: [] }
    }
    case 'field': {
      const row = await rowAt(trx, t.seq)
      const changed = {
        ts: new Date(Date.parse(row.ts) - 3_600_000).toISOString(),
        action: row.action === 'user.disabled' ? 'user.enabled' : 'user.disabled',
        entity_id: randomUUID(),
        visibility: row.visibility === 'joint' ? 'party:HONDA' : 'joint',
      }[t.field]
      await trx
        .updateTable('ledger_events')
        .set({ [t.field]: changed })
        .where('seq', '=', t.seq)
        .execute()
      return { expectedSeq: t.seq, saved: [] }
    }
    case 'delete': {
      await trx.deleteFrom('ledger_events').where('seq', '=', t.seq).execute()
      return { expectedSeq: t.seq, saved: [] }
    }
    case 'forge': {
      // Shift the later events up by one (from the top, so keys never collide), then slip in a
      // well-formed event whose hashes are right for its place.
      for (let seq = facts.head; seq > t.after; seq--) {
        await trx
          .updateTable('ledger_events')
          .set({ seq: seq + 1 })
          .where('seq', '=', seq)
          .execute()
      }
      const prev = await rowAt(trx, t.after)
      const payload = { before: null, after: { note: 'forged approval' } }
      const { row } = await sealEvent(
        {
          seq: t.after + 1,
          ts: prev.ts,
          partnershipId: prev.partnership_id,
          actorId: prev.actor_id,
          actorParty: prev.actor_party,
          action: 'signoff.recorded',
          entityType: 'proposal',
          entityId: randomUUID(),
          visibility: 'joint',
          prevHash: prev.hash,
        },
        payload,
      )
      await trx.insertInto('ledger_events').values(row).execute()
      // The forged event itself is consistent; the chain breaks at the next one, unless a
      // checkpoint vouched for a different event at the forged one's place. The server sees at
      // once that the forged event is not the leaf its tree holds there.
      const c = checkpointAtOrAfter(t.after + 1)
      // A signed tree root of exactly the leaves before the forged one, plus one: the bundle's
      // tree reaches that size with the forged leaf, and the root differs there (ADR 0035).
      const log = prev.partnership_id ?? 'deployment'
      const before = await trx
        .selectFrom('ledger_tree_hashes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('log', '=', log)
        .where('level', '=', 0)
        .where('seq', '<=', t.after)
        .executeTakeFirstOrThrow()
      const signedAtForged = await trx
        .selectFrom('ledger_tree_checkpoints')
        .select('size')
        .where('log', '=', log)
        .where('size', '=', Number(before.n) + 1)
        .executeTakeFirst()
      return {
        ...(signedAtForged && c !== t.after + 1
          ? { bundle: { seq: t.after + 1, reason: 'tree_mismatch' } }
          : {}),
        expectedSeq: c === t.after + 1 ? t.after + 1 : t.after + 2,
        saved: [],
        server: {
          seq: t.after + 1,
          reason: c === t.after + 1 ? 'checkpoint_not_on_chain' : 'tree_mismatch',
        },
      }
    }
    case 'swap': {
      const a = await rowAt(trx, t.a)
      const b = await rowAt(trx, t.b)
      const { seq: _a, ...restA } = a
      const { seq: _b, ...restB } = b
      // The hash column is unique: park one row's hash while the other takes it.
      await setRow(trx, t.a, { ...restA, hash: `parked-${restA.hash}` })
      await setRow(trx, t.b, restA)
      await setRow(trx, t.a, restB)
      return { expectedSeq: Math.min(t.a, t.b), saved: [] }
    }
    case 'truncate': {
      const saved = await trx
        .withTables<{ ledger_checkpoints: CheckpointRow }>()
        .selectFrom('ledger_checkpoints')
        .selectAll()
        .where('seq', '>', t.keep)
        .orderBy('number')
        .execute()
      await trx.deleteFrom('ledger_events').where('seq', '>', t.keep).execute()
      if (t.dropCheckpoints) {
        await trx
          .withTables<{ ledger_checkpoints: CheckpointRow }>()
          .deleteFrom('ledger_checkpoints')
          .where('seq', '>', t.keep)
          .execute()
      }
      return {
        expectedSeq: t.keep + 1,
        // A party kept the last of them; with the rows gone, only that copy tells.
        saved: t.dropCheckpoints ? saved.slice(-1).map(checkpointOf) : [],
      }
    }
    case 'signature': {
      const rows = await trx
        .withTables<{ ledger_checkpoints: CheckpointRow }>()
        .selectFrom('ledger_checkpoints')
        .selectAll()
        .orderBy('number')
        .execute()
      const target = rows.find((r) => Number(r.number) === t.number) ?? rows[0]
      if (!target) throw new Error('no checkpoint to tamper with')
      const donor = rows.find((r) => r !== target)
      // Another checkpoint's genuine signature, or bytes of a signature's length.
      const signature = donor
        ? donor.signature
        : Buffer.from(new Uint8Array(64).fill(7)).toString('base64')
      await trx
        .withTables<{ ledger_checkpoints: CheckpointRow }>()
        .updateTable('ledger_checkpoints')
        .set({ signature })
        .where('number', '=', target.number)
        .execute()
      return { expectedSeq: Number(target.seq), saved: [] }
    }
    case 'rewrite': {
      // A careful forger: edits one payload and recomputes every hash from there to the head.
      // Only a signed checkpoint can tell.
      let prevHash = (await rowAt(trx, t.seq - 1).catch(() => null))?.hash
      prevHash ??= '0'.repeat(64)
      for (let seq = t.seq; seq <= facts.head; seq++) {
        const row = await rowAt(trx, seq)
        const payload =
          seq === t.seq
            ? { before: null, after: { note: 'history, as we now tell it' } }
            : JSON.parse(row.payload)
        const { event, row: sealed } = await sealEvent({ ...eventHeaderOf(row), prevHash }, payload)
        const { seq: _seq, ...rest } = sealed
        await setRow(trx, seq, rest)
        prevHash = event.hash
      }
      // The stored tree still holds the old leaves: the server names the first rewritten event.
      const c = checkpointAtOrAfter(t.seq)
      const signedTree = await firstSignedTreeCovering(trx, t.seq)
      return {
        ...(signedTree !== null && signedTree < c
          ? { bundle: { seq: signedTree, reason: 'tree_mismatch' } }
          : {}),
        expectedSeq: c,
        saved: [],
        server: { seq: t.seq, reason: c === t.seq ? 'checkpoint_not_on_chain' : 'tree_mismatch' },
      }
    }
    case 'drop_latest_checkpoint': {
      const last = await trx
        .withTables<{ ledger_checkpoints: CheckpointRow }>()
        .selectFrom('ledger_checkpoints')
        .selectAll()
        .orderBy('number', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow()
      await trx
        .withTables<{ ledger_checkpoints: CheckpointRow }>()
        .deleteFrom('ledger_checkpoints')
        .where('number', '=', last.number)
        .execute()
      return { expectedSeq: Number(last.seq), saved: [] }
    }
    case 'tree_leaf': {
      await trx
        .updateTable('ledger_tree_hashes')
        .set({ hash: 'ab'.repeat(32) })
        .where('seq', '=', t.seq)
        .where('level', '=', 0)
        .execute()
      return { expectedSeq: t.seq, saved: [], serverOnly: true }
    }
    case 'salt': {
      await trx
        .updateTable('ledger_events')
        .set({ payload_salt: 'ff'.repeat(16) })
        .where('seq', '=', t.seq)
        .execute()
      return { expectedSeq: t.seq, saved: [] }
    }
    case 'entry_version': {
      await trx
        .updateTable('ledger_events')
        .set({ entry_version: 1 })
        .where('seq', '=', t.seq)
        .execute()
      return { expectedSeq: t.seq, saved: [] }
    }
  }
}

/**
 * Where a viewer who gets some events opaque first sees a break (ADR 0024): at the bad event when
 * it can read it (or a checkpoint sits there), else at the first later event it can read or the
 * first later checkpoint, where the recomputed chain hash no longer matches.
 */
export function opaqueViewerSeq(
  expectedSeq: number,
  view: { seq: number; opaque?: true }[],
  checkpointSeqs: number[],
): number {
  const at = view.find((e) => e.seq === expectedSeq)
  if (!at?.opaque || checkpointSeqs.includes(expectedSeq)) return expectedSeq
  const later = view.find(
    (e) => e.seq > expectedSeq && (!e.opaque || checkpointSeqs.includes(e.seq)),
  )
  return later ? later.seq : expectedSeq
}

type CheckpointRow = {
  number: number
  seq: number
  head_hash: string
  ts: string
  prev_checkpoint_hash: string
  key_id: string
  hash: string
  signature: string
}

function checkpointOf(row: CheckpointRow): Checkpoint {
  return {
    number: Number(row.number),
    seq: Number(row.seq),
    headHash: row.head_hash,
    ts: row.ts,
    prevCheckpointHash: row.prev_checkpoint_hash,
    keyId: row.key_id,
    hash: row.hash,
    signature: row.signature,
  }
}

/**
 * A tRPC caller whose database is this executor (a transaction, so a rolled-back tampering stays
 * local). Make the context first, outside the transaction: it writes a session row.
 */
export function callerOn(ctx: Context, executor: Executor) {
  return callerFor({ ...ctx, db: executor as Db })
}

/** The browser's way: fetch checkpoints and key, then events page by page, verify locally. */
export async function browserVerify(
  caller: ReturnType<typeof callerOn>,
  partnershipId: string,
  saved: Checkpoint[] = [],
  pageSize = 50,
): Promise<AuditReport> {
  const { publicKey, checkpoints } = await caller.audit.checkpoints({ partnershipId })
  const verifier = await AuditVerifier.create({ checkpoints, saved, publicKey })
  let afterSeq = 0
  for (;;) {
    const page = await caller.audit.events({ partnershipId, afterSeq, limit: pageSize })
    for (const event of page.events) {
      if (!(await verifier.push(event))) return verifier.result()
    }
    if (page.events.length < pageSize) break
    afterSeq = page.events[page.events.length - 1]?.seq ?? afterSeq
  }
  return verifier.result()
}

/** The bundle as text, for a viewer. */
export async function bundleText(executor: Executor, viewer: Viewer = FULL_VIEW): Promise<string> {
  const lines: string[] = []
  await writeBundle(
    executor,
    viewer,
    signingKey(testConfig()),
    { email: null, party: null },
    (line) => {
      lines.push(line)
    },
  )
  return `${lines.join('\n')}\n`
}

export async function bundleVerify(text: string, saved: Checkpoint[] = []): Promise<AuditReport> {
  return (await verifyBundleLines(text.split('\n'), { saved })).report
}

/** Facts the random tamperings need: the head, checkpoint positions, what the viewer can read. */
export async function ledgerFacts(
  db: Executor,
  caller: ReturnType<typeof callerOn>,
  partnershipId: string,
): Promise<LedgerFacts> {
  const { checkpoints } = await caller.audit.checkpoints({ partnershipId })
  const { events } = await caller.audit.events({ partnershipId, afterSeq: 0, limit: 1000 })
  const head = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirstOrThrow()
  return {
    head: Number(head.seq),
    checkpointSeqs: checkpoints.map((c) => c.seq),
    visibleToViewer: new Set(events.filter((e) => !isOpaque(e)).map((e) => e.seq)),
  }
}

/**
 * Turns every stored event into its pre-0015 (v1) form, as a ledger written before salted
 * commitments was: unsalted payload hash, chain hash H(entry). The append-only triggers must be
 * dropped first. The Merkle trees are NOT touched: rebuild or backfill them after.
 */
export async function rewriteAsV1(trx: Executor, upToSeq = 2_147_483_647): Promise<void> {
  const rows = await trx
    .selectFrom('ledger_events')
    .selectAll()
    .where('seq', '<=', upToSeq)
    .orderBy('seq')
    .execute()
  let prevHash = '0'.repeat(64)
  for (const row of rows) {
    const { v: _v, payloadSalt: _s, ...header } = eventHeaderOf(row)
    const payloadHash = createHash('sha256')
      .update(canonicalize(JSON.parse(row.payload)))
      .digest('hex')
    const v1 = { ...header, payloadHash, prevHash }
    const hash = createHash('sha256').update(eventEntryText(v1)).digest('hex')
    await trx
      .updateTable('ledger_events')
      .set({
        entry_version: 1,
        payload_salt: null,
        payload_hash: payloadHash,
        prev_hash: prevHash,
        hash,
      })
      .where('seq', '=', row.seq)
      .execute()
    prevHash = hash
  }
}
