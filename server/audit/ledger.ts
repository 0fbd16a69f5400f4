import type { Executor, Trx } from '../../db/connect'
import { canonicalize } from '../../shared/canonical-json'
import type { LedgerAction } from '../../shared/ledger-actions'
import { GENESIS_HASH, hashEvent, hashPayload } from '../../shared/ledger-hash'

export interface Actor {
  userId: string | null
  partyCode: string | null
}

export const SYSTEM_ACTOR: Actor = { userId: null, partyCode: null }

export interface NewEvent {
  partnershipId: string | null
  action: LedgerAction
  entityType: string
  entityId: string
  /** `joint` (default), or `party:<CODE>` for content only that party may read. */
  visibility?: string
  before?: unknown
  after?: unknown
}

/**
 * Appends one event to the ledger. Call it inside the mutation's own transaction
 * (`writeTransaction`), so the change and its event commit together or not at all.
 */
export async function appendEvent(trx: Trx, actor: Actor, event: NewEvent): Promise<number> {
  // A JSON round trip keeps exactly what will be stored (dates become strings, undefined goes).
  const payload = JSON.parse(
    JSON.stringify({ before: event.before ?? null, after: event.after ?? null }),
  ) as unknown
  const last = await trx
    .selectFrom('ledger_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const header = {
    seq: (last?.seq ?? 0) + 1,
    ts: new Date().toISOString(),
    partnershipId: event.partnershipId,
    actorId: actor.userId,
    actorParty: actor.partyCode,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    visibility: event.visibility ?? 'joint',
    payloadHash: await hashPayload(payload),
    prevHash: last?.hash ?? GENESIS_HASH,
  }
  const hash = await hashEvent(header)
  await trx
    .insertInto('ledger_events')
    .values({
      seq: header.seq,
      ts: header.ts,
      partnership_id: header.partnershipId,
      actor_id: header.actorId,
      actor_party: header.actorParty,
      action: header.action,
      entity_type: header.entityType,
      entity_id: header.entityId,
      visibility: header.visibility,
      payload: canonicalize(payload),
      payload_hash: header.payloadHash,
      prev_hash: header.prevHash,
      hash,
    })
    .execute()
  return header.seq
}

export async function ledgerHead(db: Executor): Promise<{ seq: number; hash: string }> {
  const last = await db
    .selectFrom('ledger_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  return last ?? { seq: 0, hash: GENESIS_HASH }
}
