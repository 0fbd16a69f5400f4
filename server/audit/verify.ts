import type { Executor } from '../../db/connect'
import {
  type AuditReport,
  AuditVerifier,
  type Checkpoint,
  type LedgerPublicKey,
} from '../../shared/audit-verify'
import { listCheckpoints } from './checkpoints'
import { eventHeaderOf, nodeSha256Hex } from './ledger-row'

export const VERIFY_PAGE_SIZE = 2000

interface VerifiedPoint {
  seq: number
  hash: string
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
  },
): Promise<AuditReport> {
  const checkpoints = await listCheckpoints(db)
  const saved = options.saved ?? []
  let start = options.full ? undefined : verified.get(db)
  if (start && !(await stillHolds(db, start, [...checkpoints, ...saved]))) start = undefined
  const verifier = await AuditVerifier.create({
    checkpoints,
    saved,
    publicKey: options.publicKey,
    formerKeys: await formerKeys(db),
    start,
    sha256Hex: nodeSha256Hex,
  })
  const pageSize = options.pageSize ?? VERIFY_PAGE_SIZE
  let after = start?.seq ?? 0
  let report: AuditReport | null = null
  for (;;) {
    const rows = await db
      .selectFrom('ledger_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute()
    for (const row of rows) {
      if (!(await verifier.pushWithPayloadText(eventHeaderOf(row), row.payload))) {
        report = verifier.result()
        break
      }
    }
    if (report || rows.length < pageSize) break
    after = Number(rows[rows.length - 1]?.seq)
  }
  report ??= verifier.result()
  if (report.ok) {
    verified.set(db, { seq: report.headSeq, hash: report.headHash })
    return report
  }
  // A break found after a verified point is reported as it is; a verified point that no longer
  // holds was dropped above, so this report comes from the whole chain or from new events only.
  verified.delete(db)
  return report
}

/** The verified point, and every checkpoint at or before it, still match the stored chain. */
async function stillHolds(
  db: Executor,
  point: VerifiedPoint,
  checkpoints: Checkpoint[],
): Promise<boolean> {
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
