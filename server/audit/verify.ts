import type { Executor } from '../../db/connect'
import {
  type AuditReport,
  AuditVerifier,
  type Checkpoint,
  type LedgerPublicKey,
} from '../../shared/audit-verify'
import { listCheckpoints } from './checkpoints'
import { eventHeaderOf } from './visibility'

export const VERIFY_PAGE_SIZE = 2000

/**
 * The server's own verification: walks the whole chain in pages (never all in memory) with the
 * shared verifier, hashing each stored payload, and checks every checkpoint's signature against
 * the deployment's key. `saved` adds checkpoints a party kept: they must still be on the chain.
 */
export async function verifyLedger(
  db: Executor,
  options: { publicKey: LedgerPublicKey; saved?: Checkpoint[]; pageSize?: number },
): Promise<AuditReport> {
  const verifier = await AuditVerifier.create({
    checkpoints: await listCheckpoints(db),
    saved: options.saved,
    publicKey: options.publicKey,
  })
  const pageSize = options.pageSize ?? VERIFY_PAGE_SIZE
  let after = 0
  for (;;) {
    const rows = await db
      .selectFrom('ledger_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute()
    for (const row of rows) {
      if (!(await verifier.pushWithPayloadText(eventHeaderOf(row), row.payload)))
        return verifier.result()
    }
    if (rows.length < pageSize) break
    after = Number(rows[rows.length - 1]?.seq)
  }
  return verifier.result()
}
