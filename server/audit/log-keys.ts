/**
 * The keys of one log's checkpoints over time, from the ledger itself: the current ledger key,
 * and each key a `checkpoint.key_rotated` event retired, trusted up to the size the log's tree had
 * when the old key signed its last checkpoint (the handover, in the rotation's transaction: the
 * rotation event and the `checkpoint.made` right after it).
 */
import type { Executor } from '../../db/connect'
import type { TrustedLogKey } from '../../shared/log-keys'
import { formatVerifierKey } from '../../shared/signed-note'
import type { SigningKey } from './keys'
import { logVerifierKey, originOf } from './tree-checkpoints'

export async function logKeyHistory(
  db: Executor,
  key: SigningKey,
  log: string,
): Promise<TrustedLogKey[]> {
  const origin = originOf(key.deployment, log)
  const rotations = await db
    .selectFrom('ledger_events')
    .select(['seq', 'payload'])
    .where('action', '=', 'checkpoint.key_rotated')
    .orderBy('seq')
    .execute()
  const keys: TrustedLogKey[] = []
  for (const r of rotations) {
    const after = (JSON.parse(r.payload) as { after?: { fromSpki?: unknown } }).after
    if (typeof after?.fromSpki !== 'string') continue
    // The handover checkpoint covers the rotation event and its own `checkpoint.made`.
    const last = await db
      .selectFrom('ledger_tree_hashes')
      .select((eb) => eb.fn.max('idx').as('idx'))
      .where('log', '=', log)
      .where('level', '=', 0)
      .where('seq', '<=', Number(r.seq) + 1)
      .executeTakeFirst()
    const untilSize = last?.idx === null || last?.idx === undefined ? 0 : Number(last.idx) + 1
    keys.push({
      vkey: formatVerifierKey(logVerifierKey(origin, after.fromSpki)),
      untilSize,
    })
  }
  keys.push({
    vkey: formatVerifierKey(logVerifierKey(origin, key.publicKey.spki)),
    untilSize: null,
  })
  return keys
}
