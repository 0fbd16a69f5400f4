import type { Executor, Trx } from '../../db/connect'
import { canonicalize } from '../../shared/canonical-json'
import type { LedgerAction } from '../../shared/ledger-actions'
import type { NewLedgerEvent } from '../../shared/ledger-events'
import { GENESIS_HASH } from '../../shared/ledger-hash'
import { liveHint } from '../live/hints'
import { sealCanonical } from './ledger-row'
import { appendToTip } from './ledger-tip'

export interface Actor {
  userId: string | null
  partyCode: string | null
}

export const SYSTEM_ACTOR: Actor = { userId: null, partyCode: null }

/** An event of any action with any payload: only for tests and tools that write raw chains. */
export interface RawEvent {
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
 * (`writeTransaction`), so the change and its event commit together or not at all. The action
 * fixes the entity type and the payload's shape (shared/ledger-events.ts).
 */
export function appendEvent<A extends LedgerAction>(
  trx: Trx,
  actor: Actor,
  event: NewLedgerEvent<A>,
): Promise<number> {
  return appendRawEvent(trx, actor, event as RawEvent)
}

/** appendEvent without the payload types: for tests that forge or flood the chain. */
export async function appendRawEvent(trx: Trx, actor: Actor, event: RawEvent): Promise<number> {
  // A JSON round trip keeps exactly what will be stored (dates become strings, undefined goes).
  const payload = JSON.parse(
    JSON.stringify({ before: event.before ?? null, after: event.after ?? null }),
  ) as unknown
  const payloadText = canonicalize(payload)
  const ts = new Date().toISOString()
  // The event and its leaf in its partnership's Merkle tree, in the same transaction
  // (ledger-spec §4), chained to the head the database confirms as it inserts (ADR 0038).
  const seq = await appendToTip(trx, event, (prev) =>
    sealCanonical(
      {
        seq: prev.seq + 1,
        ts,
        partnershipId: event.partnershipId,
        actorId: actor.userId,
        actorParty: actor.partyCode,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        visibility: event.visibility ?? 'joint',
        prevHash: prev.hash,
      },
      payloadText,
    ),
  )
  // Open pages of the proposal refetch it (ADR 0034). A submission makes a draft joint: its
  // event is the author party's, but from now on every reader of the proposal may hear of it.
  if (event.entityType === 'proposal' && event.partnershipId)
    liveHint(trx, {
      k: 'p',
      pid: event.partnershipId,
      id: event.entityId,
      v: event.action === 'proposal.submitted' ? 'joint' : (event.visibility ?? 'joint'),
    })
  return seq
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
