import { type Db, type Executor, longReads } from '../../db/connect'
import type { LedgerEventRow } from '../../db/schema'
import {
  type AuditReport,
  AuditVerifier,
  type Checkpoint,
  type LedgerPublicKey,
} from '../../shared/audit-verify'
import { DomainError } from '../../shared/errors'
import { type TreeBuilder, toHex } from '../../shared/merkle'
import { listCheckpoints } from './checkpoints'
import { eventHeaderOf, nodeSha256 } from './ledger-row'
import { rootAt } from './tree'

export const VERIFY_PAGE_SIZE = 2000

interface VerifiedPoint {
  seq: number
  hash: string
  v2Seen: boolean
  /** How many checkpoints lay at or before `seq` then: one fewer now means one was deleted. */
  checkpoints: number
  /** Each Merkle tree as recomputed from the entries up to `seq`. */
  trees: Map<string, TreeBuilder>
}

/** The stored signed tree roots (ledger-spec §7), each with the root its note signs. */
async function storedTreeRoots(
  db: Executor,
): Promise<{ log: string; size: number; rootHash: string; noteRoot: string | null }[]> {
  const rows = await db
    .selectFrom('ledger_tree_checkpoints')
    .select(['log', 'size', 'root_hash', 'note'])
    .execute()
  return rows.map((r) => {
    // The note's third line is the root in base64: the column must say the same.
    const line = r.note.split('\n')[2]
    let noteRoot: string | null = null
    try {
      noteRoot = line ? Buffer.from(line, 'base64').toString('hex') : null
    } catch {
      noteRoot = null
    }
    return { log: r.log, size: Number(r.size), rootHash: r.root_hash, noteRoot }
  })
}

/**
 * The last point each database handle verified intact, in this process: the next verification
 * starts there. Kept in memory, not in the database, so whoever can write the database cannot
 * move it; a verification inside a transaction (another handle) starts from the beginning.
 */
const verified = new WeakMap<object, VerifiedPoint>()

/**
 * The keys the ledger was signed with before its current one: every `checkpoint.key_rotated`
 * event names the key it retired (the chain, and the checkpoints over it, vouch for the event).
 */
export async function formerKeys(db: Executor): Promise<{ spki: string; untilSeq: number }[]> {
  const rows = await db
    .selectFrom('ledger_events')
    .select(['seq', 'payload'])
    .where('action', '=', 'checkpoint.key_rotated')
    .orderBy('seq')
    .execute()
  return rows.flatMap((r) => {
    const after = (JSON.parse(r.payload) as { after?: { fromSpki?: unknown } }).after
    // The old key signs the checkpoint made right after the rotation event, and nothing later.
    return typeof after?.fromSpki === 'string'
      ? [{ spki: after.fromSpki, untilSeq: Number(r.seq) + 1 }]
      : []
  })
}

/**
 * The server's own verification, with the shared verifier, hashing each stored payload and
 * checking every checkpoint's signature (with the key it names, across rotations). `saved` adds
 * checkpoints a party kept: they must still be on the chain.
 *
 * Incremental by default: it starts after the last event this process verified on this handle,
 * once it has checked that event still has the hash it had, and that every checkpoint (and saved
 * checkpoint) at or before it still matches the chain; otherwise, and with `full`, it walks the
 * whole chain. A full re-verification is also `npm run concord -- audit export` + `audit verify`.
 */
export async function verifyLedger(
  db: Executor,
  options: {
    publicKey: LedgerPublicKey
    saved?: Checkpoint[]
    pageSize?: number
    full?: boolean
    /**
     * Where the pages of events and leaves are read. By default, on a SQLite file outside a
     * transaction, the read workers (db/read-pool.ts): the next page is read there while this
     * one is hashed here; elsewhere `db` itself. (Tests pass a reader of their own.)
     */
    pages?: Executor
  },
): Promise<AuditReport> {
  const pages = options.pages ?? (await pageReader(db, options.full ? 0 : verified.get(db)?.seq))
  // A read worker starts on first use (tens of milliseconds): one statement now lets it start
  // while the checkpoints are read and checked here. Its rows and any failure are not needed
  // (a read worker only reads; a failure shows again at the first page).
  if (!options.pages && pages !== db)
    pages
      .selectFrom('ledger_events')
      .select('seq')
      .limit(1)
      .execute()
      .catch(() => undefined)
  const checkpoints = await listCheckpoints(db)
  const saved = options.saved ?? []
  const treeRoots = await storedTreeRoots(db)
  let start = options.full ? undefined : verified.get(db)
  if (start && !(await stillHolds(db, start, [...checkpoints, ...saved], checkpoints)))
    start = undefined
  const verifier = await AuditVerifier.create({
    checkpoints,
    saved,
    publicKey: options.publicKey,
    formerKeys: await formerKeys(db),
    start,
    startTrees: start?.trees,
    sha256: nodeSha256,
    treeRoots,
  })
  const pageSize = options.pageSize ?? VERIFY_PAGE_SIZE
  let report: AuditReport | null = null
  // Reading and hashing overlap: the next page is asked for before this one is hashed, and one
  // turn of the event loop lets its statements go out first (Kysely dispatches them from
  // promise callbacks, which would otherwise wait for the hashing). On a SQLite file the read
  // workers read it meanwhile; PostgreSQL answers meanwhile; on one SQLite connection the same
  // work is done in another order. The checks are all here, on this thread, in shared/.
  let next: Promise<Page> | null = readPage(pages, start?.seq ?? 0, pageSize)
  while (next) {
    const { events, leaves }: Page = await next
    const last: LedgerEventRow | undefined = events[events.length - 1]
    next = last && events.length === pageSize ? readPage(pages, Number(last.seq), pageSize) : null
    if (next) {
      // A read that fails while we wait is not an unhandled rejection: `await next` reports it.
      next.catch(() => undefined)
      await new Promise((resolve) => setImmediate(resolve))
    }
    let l = 0
    for (const row of events) {
      const header = eventHeaderOf(row)
      // Leaves come in sequence order too: the one of this event, if any, is the next.
      while (l < leaves.length && Number((leaves[l] as LeafRow).seq) < header.seq) l++
      const leaf = leaves[l]
      const stored = leaf && Number(leaf.seq) === header.seq ? leaf : null
      if (!verifier.pushWithPayloadTextSync(header, row.payload, row.payload_salt)) {
        report = verifier.result()
        break
      }
      if (leafHolds(verifier, stored)) continue
      // The leaves were read by a statement of their own, which may have begun before the
      // events' did (on another connection or worker) and so miss a leaf committed with its
      // event in between. Read now, after the event was, the leaf is there if it was stored.
      let again: LeafRow | null
      try {
        again = await storedLeaf(pages, header.seq)
      } catch (error) {
        await next?.catch(() => undefined)
        throw error
      }
      if (!leafMatches(verifier, header.seq, again)) {
        report = verifier.result()
        break
      }
    }
    if (report) {
      // Not needed any more, but let it finish: nothing may still run on `db` after we return.
      await next?.catch(() => undefined)
      break
    }
  }
  report ??= verifier.result()
  if (report.ok) report = await storedTreesMatch(db, verifier, report, treeRoots)
  if (report.ok) {
    verified.set(db, {
      seq: report.headSeq,
      hash: report.headHash,
      v2Seen: verifier.head()?.v2Seen ?? start?.v2Seen ?? false,
      checkpoints: checkpoints.filter((cp) => cp.seq <= report.headSeq).length,
      trees: verifier.treeState(),
    })
    return report
  }
  // A break found after a verified point is reported as it is; a verified point that no longer
  // holds was dropped above, so this report comes from the whole chain or from new events only.
  verified.delete(db)
  return report
}

interface LeafRow {
  seq: number | null
  log: string
  level: number
  idx: number
  hash: string
}

interface Page {
  events: LedgerEventRow[]
  /** The stored leaves of those events, in sequence order. */
  leaves: LeafRow[]
}

/**
 * Below this many events to verify, the pages are read on `db`: a read worker pays for its start
 * and for cloning each page only over many pages (at 20,000 events it was no faster), and an
 * incremental verification (a few new events, before every export) would only wait for it.
 */
export const READ_WORKER_MIN_EVENTS = 50_000

/**
 * The read workers of a SQLite file for a `Db`, when more than `READ_WORKER_MIN_EVENTS` events
 * follow `after` (an estimate from the head: it chooses a reader, it checks nothing); `db` itself
 * in a transaction, elsewhere, or for fewer.
 */
async function pageReader(db: Executor, after = 0): Promise<Executor> {
  if (db.isTransaction) return db
  const workers = longReads(db as Db)
  if (workers === db) return db
  const head = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst()
  return Number(head?.seq ?? 0) - after >= READ_WORKER_MIN_EVENTS ? workers : db
}

/**
 * The events after `after`, and the stored leaves of `after + 1` to `after + pageSize`: two range
 * reads in sequence order, asked for together. (A join looked each leaf up by an index search of
 * its own: it cost more than the second read.) The leaves' range need not wait for the events':
 * the chain accepts events only in unbroken sequence from `after + 1`, so a leaf is looked for
 * only at a sequence number within it; one past the last event is never used.
 */
async function readPage(db: Executor, after: number, pageSize: number): Promise<Page> {
  const [events, leaves] = await Promise.allSettled([
    db
      .selectFrom('ledger_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute(),
    db
      .selectFrom('ledger_tree_hashes')
      .select(['seq', 'log', 'level', 'idx', 'hash'])
      .where('seq', '>', after)
      .where('seq', '<=', after + pageSize)
      .orderBy('seq')
      .execute(),
  ])
  // Both settled: nothing still runs on `db` when this returns, even after a failure.
  if (events.status === 'rejected') throw events.reason
  if (leaves.status === 'rejected') throw leaves.reason
  return { events: events.value, leaves: leaves.value }
}

/** The stored row of `seq`'s leaf, read on its own (the first row with that sequence number). */
async function storedLeaf(db: Executor, seq: number): Promise<LeafRow | null> {
  const [row] = await db
    .selectFrom('ledger_tree_hashes')
    .select(['seq', 'log', 'level', 'idx', 'hash'])
    .where('seq', '=', seq)
    .limit(1)
    .execute()
  return row ?? null
}

/**
 * The stored row (the first one with the event's sequence number, if any) is the leaf recomputed
 * from the entry of the event just pushed: level 0, its tree, the next index of it, its hash.
 */
function leafHolds(verifier: AuditVerifier, stored: LeafRow | null): boolean {
  const leaf = verifier.lastLeaf()
  if (!leaf) return true
  return (
    stored !== null &&
    Number(stored.level) === 0 &&
    stored.log === leaf.log &&
    Number(stored.idx) === leaf.index &&
    stored.hash === leaf.leafHash
  )
}

/**
 * `leafHolds`, or a `tree_mismatch` recorded (and false).
 */
function leafMatches(verifier: AuditVerifier, seq: number, stored: LeafRow | null): boolean {
  const leaf = verifier.lastLeaf()
  if (!leaf || leafHolds(verifier, stored)) return true
  if (stored && Number(stored.level) !== 0) stored = null
  verifier.recordFailure(
    seq,
    'tree_mismatch',
    stored === null
      ? `event ${seq} has no leaf in the Merkle tree`
      : `the stored Merkle leaf of event ${seq} is not the hash of its entry at index ${leaf.index} of ${leaf.log}`,
  )
  return false
}

/**
 * After a walk that held: every tree has exactly the leaves of the entries (no leaf of a deleted
 * event left behind), its root from the stored subtree hashes is the recomputed root, and every
 * signed tree root names a size the tree reached (roots at those sizes were compared during the
 * walk) and agrees with its stored column.
 */
async function storedTreesMatch(
  db: Executor,
  verifier: AuditVerifier,
  report: Extract<AuditReport, { ok: true }>,
  treeRoots: { log: string; size: number; rootHash: string; noteRoot: string | null }[],
): Promise<AuditReport> {
  const heads = new Map(verifier.treeHeads().map((h) => [h.log, h]))
  const stored = await db
    .selectFrom('ledger_tree_hashes')
    .select(['log', (eb) => eb.fn.count<number>('idx').as('leaves')])
    .where('level', '=', 0)
    .groupBy('log')
    .execute()
  const problems: string[] = []
  for (const row of stored) {
    const head = heads.get(row.log)
    if (Number(row.leaves) !== (head?.size ?? 0))
      problems.push(
        `the Merkle tree ${row.log} holds ${row.leaves} leaves, but its events number ${head?.size ?? 0}`,
      )
  }
  for (const head of heads.values()) {
    if (head.size === 0) continue
    let root: string | null = null
    try {
      root = toHex(await rootAt(db, head.log, head.size))
    } catch {
      root = null
    }
    if (root !== head.rootHash)
      problems.push(`the stored hashes of the Merkle tree ${head.log} give another root`)
  }
  for (const cp of treeRoots) {
    if (cp.size > (heads.get(cp.log)?.size ?? 0))
      problems.push(
        `a signed checkpoint of ${cp.log} covers ${cp.size} leaves, but the tree has ${heads.get(cp.log)?.size ?? 0}`,
      )
    if (cp.noteRoot !== cp.rootHash)
      problems.push(`the signed checkpoint of ${cp.log} at size ${cp.size} names another root`)
  }
  const [first] = problems
  if (first === undefined) return report
  return {
    ok: false,
    seq: report.headSeq + 1,
    reason: 'tree_mismatch',
    message: first,
    events: report.headSeq,
    checkpoints: report.checkpoints,
    keyId: report.keyId,
  }
}

/** The verified point, and every checkpoint at or before it, still match the stored chain. */
async function stillHolds(
  db: Executor,
  point: VerifiedPoint,
  checkpoints: Checkpoint[],
  ledgerCheckpoints: Checkpoint[],
): Promise<boolean> {
  if (ledgerCheckpoints.filter((cp) => cp.seq <= point.seq).length !== point.checkpoints)
    return false
  for (const [log, tree] of point.trees) {
    const root = await rootAt(db, log, tree.size).catch(() => null)
    if (!root || toHex(root) !== toHex(tree.root())) return false
  }
  const covered = checkpoints.filter((cp) => cp.seq <= point.seq)
  const seqs = [point.seq, ...covered.map((cp) => cp.seq)]
  const rows = await db
    .selectFrom('ledger_events')
    .select(['seq', 'hash'])
    .where('seq', 'in', seqs)
    .execute()
  const hashAt = new Map(rows.map((r) => [Number(r.seq), r.hash]))
  if (hashAt.get(point.seq) !== point.hash) return false
  return covered.every((cp) => hashAt.get(cp.seq) === cp.headHash)
}

/**
 * Exports hand out only a ledger that verifies (ADR 0024): a broken one is refused with the rule
 * `ledgerBroken` and where it breaks, so nobody passes a broken record on as if it held. The
 * check is the server's own verification (incremental, so cheap after the first).
 */
export async function requireIntactLedger(
  db: Executor,
  publicKey: LedgerPublicKey,
): Promise<Extract<AuditReport, { ok: true }>> {
  const report = await verifyLedger(db, { publicKey })
  if (report.ok) return report
  throw new DomainError(
    'CONFLICT',
    `The ledger does not verify (broken at sequence ${report.seq}, ${report.reason.replaceAll('_', ' ')}): it is not exported. Run audit.verify for the details.`,
    { rule: { name: 'ledgerBroken', params: { seq: report.seq, reason: report.reason } } },
  )
}
