/**
 * How much does verifying the ledger cost? Builds a ledger of N events (default 100,000) in a
 * temporary SQLite file, then times, over the same rows:
 *   - a plain scan (read every row, page by page, no hashing): the floor;
 *   - the server's verification (server/audit/verify.ts), its pages read in the read workers
 *     while it hashes, and again with them read on its own thread;
 *   - the offline bundle verification (export the bundle, then verify the file as the CLI does).
 * It prints events per second and the ratios. Not a test: the machine is shared and noisy, so
 * only ratios within one run mean much.
 *
 *   npm run bench            (all benchmarks)
 *   npx tsx bench/ledger-verify.ts [events]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import SQLite from 'better-sqlite3'
import { connect, type Db } from '../db/connect'
import { migrateToLatest } from '../db/migrate'
import type { LedgerEventTable } from '../db/schema'
import { makeCheckpoint } from '../server/audit/checkpoints'
import { signingKey } from '../server/audit/keys'
import { SYSTEM_ACTOR } from '../server/audit/ledger'
import { nodeSha256, sealEvent } from '../server/audit/ledger-row'
import { writeBundle } from '../server/audit/query'
import { VERIFY_PAGE_SIZE, verifyLedger } from '../server/audit/verify'
import { FULL_VIEW } from '../server/audit/visibility'
import { verifyBundleLines } from '../shared/audit-bundle'
import { GENESIS_HASH, leafHashHex } from '../shared/ledger-hash'

const ACTIONS = ['proposal.submitted', 'review.recorded', 'comment.added', 'signoff.recorded']

/**
 * Writes N chained events straight into the table with real hashes: each row is sealed as the
 * server seals it, then all are inserted in one transaction through one prepared statement on
 * the SQLite file (a second better-sqlite3 connection: Kysely's compile per batch cost more than
 * the hashing at 10^6 rows). ADR 0035: so that `npm run bench` measures 10^6 events by default.
 */
async function buildLedger(
  db: Db,
  count: number,
  key: ReturnType<typeof signingKey>,
  file: string,
) {
  let prevHash = GENESIS_HASH
  const start = Date.parse('2026-01-01T00:00:00Z')
  const raw = new SQLite(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = OFF')
  let insert: SQLite.Statement | null = null
  const insertHash = raw.prepare(
    'insert into ledger_tree_hashes (log, level, idx, hash, seq) values (?, ?, ?, ?, ?)',
  )
  // The tree as the server keeps it (ledger-spec §4): each leaf, and each complete subtree's
  // root as it closes, from the right edge kept in memory.
  const edge: Buffer[] = []
  let size = 0
  const batch = 50_000
  try {
    for (let from = 1; from <= count; from += batch) {
      const rows: LedgerEventTable[] = []
      const hashes: [string, number, number, string, number | null][] = []
      for (let seq = from; seq < Math.min(from + batch, count + 1); seq++) {
        const { event, row } = await sealEvent(eventAt(seq, start, prevHash), payloadAt(seq))
        prevHash = event.hash
        rows.push(row)
        const log = row.partnership_id as string
        let h: Buffer = Buffer.from(leafHashHex(event, nodeSha256), 'hex')
        hashes.push([log, 0, size, h.toString('hex'), seq])
        let level = 0
        for (let m = size; m % 2 === 1; m = (m - 1) / 2) {
          const left = edge.pop() as Buffer
          h = Buffer.from(nodeSha256(Buffer.concat([Buffer.from([1]), left, h])))
          level += 1
          hashes.push([log, level, Math.floor(size / 2 ** level), h.toString('hex'), null])
        }
        edge.push(h)
        size += 1
      }
      const first = rows[0] as LedgerEventTable
      const columns = Object.keys(first)
      insert ??= raw.prepare(
        `insert into ledger_events (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      )
      const statement = insert
      raw.transaction(() => {
        for (const r of rows)
          statement.run(...columns.map((c) => (r as unknown as Record<string, unknown>)[c]))
        for (const h of hashes) insertHash.run(...h)
      })()
    }
  } finally {
    raw.close()
  }
  await makeCheckpoint(db, key, SYSTEM_ACTOR, { reason: 'request' })
}

function payloadAt(seq: number) {
  return {
    before: seq % 3 === 0 ? { status: 'in_review', revision: seq % 7 } : null,
    after: {
      status: 'awaiting_signoff',
      revision: (seq % 7) + 1,
      comment: `Event ${seq}: battery cell sourcing for the 2027 platform, round ${seq % 11}.`,
    },
  }
}

function eventAt(seq: number, start: number, prevHash: string) {
  return {
    seq,
    ts: new Date(start + seq * 1000).toISOString(),
    partnershipId: '6f1c1f2e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
    actorId: `00000000-0000-4000-8000-${String(seq % 40).padStart(12, '0')}`,
    actorParty: seq % 2 ? 'HONDA' : 'NISSAN',
    action: ACTIONS[seq % ACTIONS.length] as string,
    entityType: 'proposal',
    entityId: `00000000-0000-4000-9000-${String(seq % 500).padStart(12, '0')}`,
    visibility: seq % 10 === 0 ? 'party:HONDA' : 'joint',
    prevHash,
  }
}

/** The former builder (Kysely batches of 500 rows), kept for comparison: `BENCH_SLOW_BUILD=1`. */
async function buildLedgerInBatches(db: Db, count: number, key: ReturnType<typeof signingKey>) {
  let prevHash = GENESIS_HASH
  const batch = 1000
  const start = Date.parse('2026-01-01T00:00:00Z')
  for (let from = 1; from <= count; from += batch) {
    const rows: LedgerEventTable[] = []
    for (let seq = from; seq < Math.min(from + batch, count + 1); seq++) {
      const payload = {
        before: seq % 3 === 0 ? { status: 'in_review', revision: seq % 7 } : null,
        after: {
          status: 'awaiting_signoff',
          revision: (seq % 7) + 1,
          comment: `Event ${seq}: battery cell sourcing for the 2027 platform, round ${seq % 11}.`,
        },
      }
      const { event, row } = await sealEvent(
        {
          seq,
          ts: new Date(start + seq * 1000).toISOString(),
          partnershipId: '6f1c1f2e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
          actorId: `00000000-0000-4000-8000-${String(seq % 40).padStart(12, '0')}`,
          actorParty: seq % 2 ? 'HONDA' : 'NISSAN',
          action: ACTIONS[seq % ACTIONS.length] as string,
          entityType: 'proposal',
          entityId: `00000000-0000-4000-9000-${String(seq % 500).padStart(12, '0')}`,
          visibility: seq % 10 === 0 ? 'party:HONDA' : 'joint',
          prevHash,
        },
        payload,
      )
      prevHash = event.hash
      rows.push(row)
    }
    await db.transaction().execute(async (trx) => {
      // SQLite allows 32766 bound parameters: 13 columns × 500 rows stays under it.
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('ledger_events')
          .values(rows.slice(i, i + 500))
          .execute()
    })
  }
  await makeCheckpoint(db, key, SYSTEM_ACTOR, { reason: 'request' })
}

async function plainScan(db: Db): Promise<number> {
  let after = 0
  let seen = 0
  let bytes = 0
  for (;;) {
    const rows = await db
      .selectFrom('ledger_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(VERIFY_PAGE_SIZE)
      .execute()
    for (const row of rows) bytes += row.payload.length + row.hash.length
    seen += rows.length
    if (rows.length < VERIFY_PAGE_SIZE) break
    after = Number(rows[rows.length - 1]?.seq)
  }
  if (bytes === 0) throw new Error('nothing scanned')
  return seen
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await work()
  return { ms: performance.now() - t0, value }
}

export interface VerifyFigures {
  events: number
  scanMs: number
  serverMs: number
  /** The server's verification with its pages read on the main thread. */
  oneThreadMs: number
  bundleMs: number
}

export async function benchLedgerVerify(count = 100_000): Promise<VerifyFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-bench-'))
  const db = connect({ kind: 'sqlite', file: path.join(dir, 'bench.sqlite') })
  try {
    await migrateToLatest(db)
    const key = signingKey({ dataDir: dir, ledgerSigningKey: null })
    const file = path.join(dir, 'bench.sqlite')
    const built = await timed(() =>
      process.env.BENCH_SLOW_BUILD === '1'
        ? buildLedgerInBatches(db, count, key)
        : buildLedger(db, count, key, file),
    )
    const events = count + 1 // and the checkpoint's own event
    console.log(`Built a ledger of ${events} events in ${(built.ms / 1000).toFixed(1)} s.`)

    const scan = await timed(() => plainScan(db))
    const server = await timed(() => verifyLedger(db, { publicKey: key.publicKey }))
    if (!server.value.ok) throw new Error(`server verify failed: ${JSON.stringify(server.value)}`)
    // The same with every page read on this thread, as in a transaction or on an in-memory
    // database: what reading in the read workers (ADR 0037) saves.
    const oneThread = await timed(() =>
      verifyLedger(db, { publicKey: key.publicKey, full: true, pages: db }),
    )
    if (!oneThread.value.ok)
      throw new Error(`server verify failed: ${JSON.stringify(oneThread.value)}`)

    const bundleFile = path.join(dir, 'bundle.jsonl')
    const exported = await timed(async () => {
      const out = createWriteStream(bundleFile)
      await writeBundle(db, FULL_VIEW, key, { email: null, party: null }, async (line) => {
        if (!out.write(`${line}\n`)) await new Promise((r) => out.once('drain', () => r(null)))
      })
      await new Promise<void>((r) => out.end(() => r()))
    })
    const bundle = await timed(async () => {
      const lines = createInterface({ input: createReadStream(bundleFile, 'utf8') })
      return (await verifyBundleLines(lines, { sha256: nodeSha256 })).report
    })
    if (!bundle.value.ok) throw new Error(`bundle verify failed: ${JSON.stringify(bundle.value)}`)

    const rate = (ms: number) => Math.round((events / ms) * 1000)
    const row = (name: string, ms: number) =>
      console.log(
        `  ${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s ${String(rate(ms)).padStart(9)} events/s ${(ms / scan.ms).toFixed(1).padStart(6)}× scan`,
      )
    console.log(`\nVerifying ${events} events (SQLite, pages of ${VERIFY_PAGE_SIZE}):`)
    row('plain scan (no hashing)', scan.ms)
    row('server verify (audit.verify)', server.ms)
    row('  the same, pages read on one thread', oneThread.ms)
    row('CLI bundle verify (audit verify)', bundle.ms)
    console.log(
      `\n  bundle export: ${(exported.ms / 1000).toFixed(2)} s, ${(statSync(bundleFile).size / 1e6).toFixed(1)} MB`,
    )
    console.log(
      `  hashing costs ${(server.ms / scan.ms).toFixed(1)}× a plain scan on the server; the offline verifier (parse + canonicalize + hash) ${(bundle.ms / server.ms).toFixed(2)}× the server's.`,
    )
    return {
      events,
      scanMs: scan.ms,
      serverMs: server.ms,
      oneThreadMs: oneThread.ms,
      bundleMs: bundle.ms,
    }
  } finally {
    await db.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1]?.endsWith('ledger-verify.ts')) {
  const count = Number(process.argv[2] ?? 100_000)
  benchLedgerVerify(count).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
