/**
 * Retried creates return their first result (issue: a double-clicked create made two). The
 * client sends one key per form; the key, the request's hash and the result are stored in the
 * same transaction as the change, so a retry either finds the finished change or none at all.
 * Writers take turns (`writeTransaction`), so looking the key up and then storing it cannot race.
 */
import { createHash } from 'node:crypto'
import type { Trx } from '../../db/connect'
import { canonicalize } from '../../shared/canonical-json'
import { DomainError } from '../../shared/errors'

/** How long a key is remembered: long enough for any retry, short enough to keep the table small. */
const KEEP_MS = 24 * 60 * 60 * 1000

export async function once<T>(
  trx: Trx,
  scope: { userId: string; procedure: string; key: string | null | undefined; request: unknown },
  work: () => Promise<T>,
): Promise<T> {
  if (!scope.key) return work()
  const requestHash = createHash('sha256').update(canonicalize(scope.request)).digest('hex')
  const prior = await trx
    .selectFrom('idempotency_keys')
    .select(['procedure', 'request_hash', 'result'])
    .where('user_id', '=', scope.userId)
    .where('key', '=', scope.key)
    .executeTakeFirst()
  if (prior) {
    if (prior.procedure !== scope.procedure || prior.request_hash !== requestHash) {
      throw new DomainError(
        'CONFLICT',
        'idempotencyKey: this key was already used for a different request; send a new key.',
        { field: 'idempotencyKey' },
      )
    }
    return JSON.parse(prior.result) as T
  }
  const result = await work()
  const now = new Date()
  await trx
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', new Date(now.getTime() - KEEP_MS).toISOString())
    .execute()
  await trx
    .insertInto('idempotency_keys')
    .values({
      user_id: scope.userId,
      key: scope.key,
      procedure: scope.procedure,
      request_hash: requestHash,
      result: JSON.stringify(result),
      created_at: now.toISOString(),
    })
    .execute()
  return result
}
