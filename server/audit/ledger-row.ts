/**
 * The one mapping between a stored ledger row (snake_case columns, payload as JSON text) and the
 * event the hashing code knows (shared/ledger-hash.ts). The server's append and verify, the bench
 * and the tests all go through it.
 */
import { hash } from 'node:crypto'
import type { LedgerEventRow } from '../../db/schema'
import { canonicalize } from '../../shared/canonical-json'
import { eventEntryText, type LedgerEvent, type LedgerEventHeader } from '../../shared/ledger-hash'

/** The hashed fields of a stored event, without its payload. */
export function eventHeaderOf(row: LedgerEventRow): LedgerEvent {
  return {
    seq: Number(row.seq),
    ts: row.ts,
    partnershipId: row.partnership_id,
    actorId: row.actor_id,
    actorParty: row.actor_party,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    visibility: row.visibility,
    payloadHash: row.payload_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

/** The row that stores this event, with its payload as canonical JSON text. */
export function ledgerRowOf(event: LedgerEvent, payload: unknown): LedgerEventRow {
  return {
    seq: event.seq,
    ts: event.ts,
    partnership_id: event.partnershipId,
    actor_id: event.actorId,
    actor_party: event.actorParty,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    visibility: event.visibility,
    payload: canonicalize(payload),
    payload_hash: event.payloadHash,
    prev_hash: event.prevHash,
    hash: event.hash,
  }
}

/** SHA-256 hex through node:crypto, synchronous: the server's hasher for writing and verifying. */
export function nodeSha256Hex(text: string): string {
  return hash('sha256', text, 'hex')
}

/**
 * Hashes the payload and the header, chaining to `prevHash`: the event and the row that store it.
 * The same bytes as shared/ledger-hash.ts's `hashPayload` and `hashEvent`, with node:crypto's
 * synchronous SHA-256 (the write path hashes on every mutation; WebCrypto's is async and slower).
 */
export async function sealEvent(
  header: Omit<LedgerEventHeader, 'payloadHash'>,
  payload: unknown,
): Promise<{ event: LedgerEvent; row: LedgerEventRow }> {
  const hashed: LedgerEventHeader = {
    ...header,
    payloadHash: nodeSha256Hex(canonicalize(payload)),
  }
  const event: LedgerEvent = { ...hashed, hash: nodeSha256Hex(eventEntryText(hashed)) }
  return { event, row: ledgerRowOf(event, payload) }
}
